package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpeckleAppearanceTest {
  private static final int N = 128;

  /** Mean grey of rows y0..y1 (inclusive) over the central half of the columns, where beams run nearly downwards. */
  private static double rows(float[] img, int y0, int y1) {
    double s = 0;
    int k = 0;
    for (int y = y0; y <= y1; y++) {
      for (int x = N / 4; x < 3 * N / 4; x++) {
        s += img[y * N + x];
        k++;
      }
    }
    return s / k;
  }

  private static boolean[] all() {
    boolean[] b = new boolean[N * N];
    Arrays.fill(b, true);
    return b;
  }

  @Test
  void anIntensityStepAlongTheBeamEchoesAsABrightLine() {
    float[] img = new float[N * N];
    for (int i = 0; i < img.length; i++) img[i] = i / N < 80 ? 0.3f : 0.6f; // an interface across the beams at row 80
    float[] plain = SpeckleAppearance.apply(img, all(), N, new SpeckleAppearance.Echoes(1, 0, 0), new Random(1));
    float[] echoing = SpeckleAppearance.apply(img, all(), N, new SpeckleAppearance.Echoes(1, 0, 20), new Random(1));
    double line = rows(echoing, 79, 80), below = rows(echoing, 95, 110), above = rows(echoing, 50, 65);
    assertTrue(line > below + 0.1 && line > above + 0.1, "line " + line + ", above " + above + ", below " + below);
    double plainLine = rows(plain, 79, 80), plainBelow = rows(plain, 95, 110);
    assertTrue(plainLine < plainBelow + 0.03, "without specular echoes no line: " + plainLine + " vs " + plainBelow);
  }

  @Test
  void theEchoFadesWithDepthByTheAttenuationLeftAfterGainCompensation() {
    float[] img = new float[N * N];
    Arrays.fill(img, 0.5f);
    // 1 mm pixels: the bottom rows lie 10 cm deeper than the top ones, 20 dB at 2 dB/cm.
    float[] flat = SpeckleAppearance.apply(img, all(), N, new SpeckleAppearance.Echoes(1, 0, 0), new Random(2));
    float[] fading = SpeckleAppearance.apply(img, all(), N, new SpeckleAppearance.Echoes(1, 2, 0), new Random(2));
    double flatDrop = rows(flat, 10, 20) - rows(flat, 110, 120), drop = rows(fading, 10, 20) - rows(fading, 110, 120);
    assertEquals(0, flatDrop, 0.03, "no attenuation: as bright deep as shallow");
    // 20 dB over a dynamic range of 45-60 dB: a third to a half of the grey scale.
    assertTrue(drop > 0.25 && drop < 0.5, "drop " + drop);
  }
}
