package org.crossmodal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/** Stops training at the first non-finite gradient (oneDNN can produce NaNs on some CPUs, see docs/engine.md). */
final class FiniteGradients {
  private FiniteGradients() {}

  static void require(Block net, int epoch, int step) {
    for (Pair<String, Parameter> p : net.getParameters()) {
      NDArray a = p.getValue().getArray();
      if (!a.hasGradient()) continue; // the other domain's batch norm is not in this graph
      // Intermediates belong to the parameter's manager, which lives as long as the model: close them.
      float magnitude;
      try (NDArray g = a.getGradient(); NDArray abs = g.abs(); NDArray sum = abs.sum()) {
        magnitude = sum.getFloat();
      }
      if (!Float.isFinite(magnitude)) throw new NonFiniteTrainingException("the gradient of " + p.getKey(), epoch, step);
    }
  }
}
