package org.crossmodal.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.model.Engines;
import picocli.CommandLine.Option;

/** The {@code --config} option of the training commands: one file can serve every command. */
final class ConfigOption {
  @Option(names = "--config", paramLabel = "FILE",
      description = "YAML or JSON configuration, a whole run's or a teacher's alone; omitted fields keep this command's defaults")
  Path file;

  /**
   * The file's configuration over {@code defaults} (the command's own: {@code demo}'s are smaller than
   * {@code run}'s), or the defaults without one. Its {@code engine} section applies to
   * whichever command reads it ({@code --isa}/{@code --precision} still win).
   */
  TransferConfig read(Supplier<TransferConfig> defaults) throws IOException {
    TransferConfig c = file == null ? defaults.get() : TransferConfig.read(file, defaults.get());
    if (c.engine != null) Engines.configure(c.engine.isa, c.engine.precision);
    return c;
  }
}
