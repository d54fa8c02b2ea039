package org.crossmodal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.crossmodal.config.TransferConfig;
import picocli.CommandLine.Option;

/** The {@code --config} option of the training commands: one file can serve every command. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML or JSON configuration, a whole run's or a teacher's alone; omitted fields keep their defaults")
  Path file;

  /** The file's configuration, or {@code defaults} without one. */
  TransferConfig read(Supplier<TransferConfig> defaults) throws IOException {
    return file == null ? defaults.get() : TransferConfig.read(file);
  }
}
