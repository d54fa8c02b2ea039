package org.crossmodal.cli;

import org.crossmodal.model.EngineChoice;
import org.crossmodal.model.Engines;
import picocli.CommandLine.Option;

/**
 * {@code --isa} and {@code --precision} for the commands that run the network. They set the system
 * properties {@link Engines} reads when the engine starts, and take precedence over a run
 * configuration's {@code engine} section.
 */
final class EngineOptions {
  @Option(names = "--isa", paramLabel = "ISA", description = "oneDNN instruction set: auto (default: a self-test at the "
      + "first start on a CPU decides whether oneDNN may run uncapped, else AVX2), native (no cap) or a oneDNN name such as AVX2")
  void isa(String v) {
    System.setProperty(Engines.ISA_PROPERTY, EngineChoice.checkIsa(v));
    System.setProperty(Engines.SOURCE_PROPERTY, "--isa/--precision");
  }

  @Option(names = "--precision", paramLabel = "P", description = "auto (default: bf16 for training, and for the "
      + "inference inside a run, where the CPU has bf16 units and the self-test passed; fp32 for segment, batch and "
      + "pseudo-label, and on other CPUs), fp32 or bf16 (bf16 activations and convolutions, fp32 master weights)")
  void precision(String v) {
    System.setProperty(Engines.PRECISION_PROPERTY, EngineChoice.checkPrecision(v));
    System.setProperty(Engines.SOURCE_PROPERTY, "--isa/--precision");
  }
}
