package org.crossmodal.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemperatureTest {
  /**
   * Three classes; every pixel predicts its class with probability 0.95 but is right only 70 % of
   * the time. The fitted temperature softens the confidences to about 0.7 and keeps every argmax.
   */
  @Test
  void anOverconfidentPredictionIsSoftenedToItsAccuracyWithoutChangingItsClasses() {
    Random r = new Random(3);
    int n = 4000;
    float[][] p = new float[3][n];
    byte[] truth = new byte[n];
    for (int i = 0; i < n; i++) {
      int predicted = r.nextInt(3);
      for (int c = 0; c < 3; c++) p[c][i] = c == predicted ? 0.95f : 0.025f;
      truth[i] = (byte) (r.nextDouble() < 0.7 ? predicted : (predicted + 1 + r.nextInt(2)) % 3);
    }
    double t = Temperature.fit(java.util.Collections.singletonList(p), List.of(truth), java.util.Collections.singletonList(null));
    assertTrue(t > 1.5, "overconfident: T > 1, got " + t);
    float[][] q = Temperature.apply(p, t);
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += q[argmax(q, i)][i];
      assertEquals(argmax(p, i), argmax(q, i));
      assertEquals(1.0, q[0][i] + q[1][i] + q[2][i], 1e-5);
    }
    assertEquals(0.7, mean / n, 0.03);
  }

  @Test
  void aWellCalibratedPredictionKeepsATemperatureNearOneAndUnscoredPixelsDoNotCount() {
    Random r = new Random(4);
    int n = 4000;
    float[][] p = new float[2][n];
    byte[] truth = new byte[n];
    boolean[] region = new boolean[n];
    for (int i = 0; i < n; i++) {
      p[0][i] = 0.8f;
      p[1][i] = 0.2f;
      truth[i] = (byte) (r.nextDouble() < 0.8 ? 0 : 1);
      region[i] = i % 2 == 0;
    }
    byte[] outside = truth.clone();
    for (int i = 1; i < n; i += 2) outside[i] = 1; // outside the region: would say "overconfident" if it counted
    assertEquals(1.0, Temperature.fit(java.util.Collections.singletonList(p), List.of(outside), List.of(region)), 0.1);
    byte[] none = new byte[n];
    java.util.Arrays.fill(none, (byte) -1);
    assertEquals(1.0, Temperature.fit(java.util.Collections.singletonList(p), List.of(none), new ArrayList<>(java.util.Collections.singletonList(null))));
  }

  private static int argmax(float[][] p, int i) {
    int best = 0;
    for (int c = 1; c < p.length; c++) if (p[c][i] > p[best][i]) best = c;
    return best;
  }
}
