package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A moving average of a network: average ← d·average + (1−d)·network, for weights and batch-norm
 * statistics alike. Small-batch training moves the weights a long way from step to step; their
 * average over the last few hundred steps is a steadier model than any one of them.
 */
public final class WeightAverage {
  private final UNet network, average;

  /** {@code average} must have {@code network}'s architecture; it is not changed until {@link #restart} or {@link #update}. */
  public WeightAverage(UNet network, UNet average) {
    this.network = network;
    this.average = average;
  }

  /** The average becomes the network as it is now. */
  public void restart() {
    Engines.withoutGradients(() -> {
      for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(network, average)) p.getKey().getArray().copyTo(p.getValue().getArray());
      return null;
    });
  }

  /** One step of the average with decay {@code d}. */
  public void update(double d) {
    float decay = (float) d;
    Engines.withoutGradients(() -> {
      for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(network, average)) {
        NDArray e = p.getValue().getArray();
        try (NDArray scaled = p.getKey().getArray().mul(1 - decay)) {
          e.muli(decay).addi(scaled);
        }
      }
      return null;
    });
  }

  /**
   * The decay for update number {@code n} (from 0): {@code decay}, but no more than (1+n)/(10+n), so the
   * average of a network that starts from random weights follows it closely at first instead of
   * remembering its start for hundreds of steps.
   */
  public static double warmedUp(double decay, long n) {
    return Math.min(decay, (1.0 + n) / (10.0 + n));
  }
}
