package org.crossmodal.model;

/**
 * Shape of the 2-D U-Net. Channel counts are multiples of 16: libtorch's oneDNN 3×3 convolutions on
 * this project's CPUs return NaN gradients for other counts (RECIPES §4), so other values are refused.
 */
public record UNetConfig(int depth, int baseChannels, int inChannels, int classes, double dropout, int domains) {
  public UNetConfig {
    if (depth < 1 || depth > 5) throw new IllegalArgumentException("U-Net depth must be 1..5, got " + depth);
    if (baseChannels < 16 || baseChannels % 16 != 0) {
      throw new IllegalArgumentException("baseChannels must be a multiple of 16 (oneDNN NaN gradients otherwise), got " + baseChannels);
    }
    if (classes < 2) throw new IllegalArgumentException("at least 2 classes, got " + classes);
    if (dropout < 0 || dropout >= 1) throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
    if (domains < 1) throw new IllegalArgumentException("domains must be >= 1");
  }

  /** The demo network: 3 levels, 16 base channels, MRI and ultrasound batch-norm statistics. */
  public static UNetConfig demo(int classes) {
    return new UNetConfig(3, 16, 1, classes, 0.1, 2);
  }

  public int channelsAt(int level) {
    return baseChannels << level;
  }
}
