package org.crossmodal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that runs one model file over images: the model, the output folder, the threads. */
final class ModelJobOptions {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "the model file to run (teacher, student or oracle .model.zip)")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the results (created; nothing is written when no input could be used)")
  Path out;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "CPU threads for the network (default: ${DEFAULT-VALUE})")
  int threads;
}
