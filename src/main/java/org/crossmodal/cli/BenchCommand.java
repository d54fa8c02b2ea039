package org.crossmodal.cli;

import picocli.CommandLine.Command;

/** Benchmarks print figures and end with a machine-readable last line (e.g. {@code ratio=X}). */
@Command(name = "bench", description = "Benchmarks that print figures (not tests).",
    subcommands = {BenchDecodeCommand.class, BenchTrainCommand.class, BenchSimulateCommand.class, BenchBatchCommand.class,
        BenchSparkCommand.class})
final class BenchCommand {}
