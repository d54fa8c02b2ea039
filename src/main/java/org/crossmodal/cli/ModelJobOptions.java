package org.crossmodal.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options of every command that runs one model file over images: the model, the output folder, the threads. */
final class ModelJobOptions {
  @Option(names = "--model", required = true, paramLabel = "MODEL", description = "a model file (*.model.zip)")
  Path model;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "output folder")
  Path out;

  @Option(names = "--threads", defaultValue = "2", description = "PyTorch threads (default: ${DEFAULT-VALUE})")
  int threads;
}
