package org.crossmodal.config;

/**
 * The {@code engine} section of a run configuration: {@code isa} (auto, native or a oneDNN ISA name
 * such as AVX2) and {@code precision} (auto, fp32 or bf16). Null: decided automatically
 * (model.EngineChoice); the model layer reads them through model.Engines.configure. {@code --isa} and {@code --precision} on the command line take precedence.
 */
public final class EngineSettings {
  public String isa;
  public String precision;
  /**
   * Every training and evaluation at one libtorch thread, the setting under which the same
   * configuration and seeds give the same models bit for bit from process to process (libtorch's
   * multi-threaded CPU kernels do not; docs/engine.md); slower by the measured factor given there.
   */
  public boolean deterministic = false;
}
