package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.crossmodal.model.Engines;
import org.junit.jupiter.api.Test;

class FiniteGradientsTest {
  @Test
  void passesFiniteGradientsAndNamesTheFirstNonFiniteOne() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      Block net = Linear.builder().setUnits(2).build();
      net.initialize(m, DataType.FLOAT32, new Shape(1, 3));
      backward(net, m, new float[] {1, 2, 3});
      assertDoesNotThrow(() -> FiniteGradients.require(net, 1, 1));
      // A NaN input makes the weight's gradient NaN while the bias's stays finite.
      backward(net, m, new float[] {1, Float.NaN, 3});
      NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class, () -> FiniteGradients.require(net, 2, 5));
      assertTrue(e.getMessage().contains("the gradient of weight") && e.getMessage().contains("epoch 2, step 5"), e.getMessage());
    }
  }

  private static void backward(Block net, NDManager m, float[] input) {
    try (NDManager step = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      NDArray x = step.create(input, new Shape(1, 3));
      gc.backward(net.forward(new ParameterStore(step, false), new NDList(x), true).head().sum());
    }
  }
}
