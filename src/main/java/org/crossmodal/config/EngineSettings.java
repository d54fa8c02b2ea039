package org.crossmodal.config;

/**
 * The {@code engine} section of a run configuration: {@code isa} (auto, native or a oneDNN ISA name
 * such as AVX2) and {@code precision} (auto, fp32 or bf16). Null: decided automatically
 * (model.EngineChoice); the model layer reads them through model.Engines.configure. {@code --isa} and {@code --precision} on the command line take precedence.
 */
public final class EngineSettings {
  public String isa;
  public String precision;
}
