package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class UNetUpsampleTest {
  /** The one-op upsampling must equal repeating every pixel 2×2, and send back the 2×2 sums. */
  @Test
  void upsamplingRepeatsEachPixelAndSumsItsGradient() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.arange(2f * 3 * 4 * 5).reshape(2, 3, 4, 5);
      x.setRequiresGradient(true);
      NDArray weights = m.randomUniform(0, 1, new Shape(2, 3, 8, 10));
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray up = UNet.upsample(x);
        assertEquals(new Shape(2, 3, 8, 10), up.getShape());
        assertArrayEquals(x.repeat(2, 2).repeat(3, 2).toFloatArray(), up.toFloatArray(), 0f);
        gc.backward(up.mul(weights).sum());
      }
      float[] expected = weights.reshape(2, 3, 4, 2, 5, 2).sum(new int[] {3, 5}).toFloatArray();
      assertArrayEquals(expected, x.getGradient().toFloatArray(), 1e-5f);
    }
  }
}
