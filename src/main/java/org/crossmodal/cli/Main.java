package org.crossmodal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/crossmodal}: one picocli subcommand per job, all over the pipeline API. */
@Command(name = "crossmodal", mixinStandardHelpOptions = true, version = "CrossModal Transfer 0.1.0",
    description = "MRI to ultrasound segmentation transfer.",
    subcommands = {
        CommandLine.HelpCommand.class,
        StudiesCommand.class,
        ExportCommand.class,
        DemoCommand.class,
        TrainTeacherCommand.class,
        SegmentCommand.class,
        SimulateCommand.class,
        BenchCommand.class,
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line in-process (tests call this) and returns its exit code. */
  public static int run(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }
}
