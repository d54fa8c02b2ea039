package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** The Java-drawn dropout mask: keep rate, scale, layout, gradient and reproducibility. */
class DropoutMaskTest {
  @Test
  void keepsNineInTenScaledAndMasksTheGradientAlike() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = UNet.channelsLast(m.ones(new Shape(4, 16, 32, 32)));
      x.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        y = DropoutMask.apply(x, 0.1f, false);
        gc.backward(y.sum());
      }
      float[] v = y.toFloatArray(), g = x.getGradient().toFloatArray();
      int kept = 0;
      for (int i = 0; i < v.length; i++) {
        assertTrue(v[i] == 0f || Math.abs(v[i] - 1 / 0.9f) < 1e-6, "value " + v[i]);
        assertEquals(v[i], g[i], 1e-6, "the gradient is masked and scaled like the value");
        if (v[i] != 0) kept++;
      }
      double rate = (double) kept / v.length; // 65 536 draws: 0.9 ± 0.0035 at three standard deviations
      assertEquals(0.9, rate, 0.0035);
    }
  }

  @Test
  void theSameSeedGivesTheSameMaskAndBlocksDiffer() {
    float[] a = new float[100_000], b = new float[100_000], c = new float[100_000];
    DropoutMask.fill(a, a.length, 0.1f, 42);
    DropoutMask.fill(b, b.length, 0.1f, 42);
    DropoutMask.fill(c, c.length, 0.1f, 43);
    assertArrayEquals(a, b);
    assertFalse(java.util.Arrays.equals(a, c));
    int per = (a.length + 63) / 64, same = 0;
    for (int i = 0; i < per; i++) if (a[i] == a[i + per]) same++;
    assertTrue(same < 0.9 * per, "two blocks drew the same stream");
  }
}
