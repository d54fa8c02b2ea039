package org.crossmodal.simulate;

import java.util.Random;

/**
 * Gives an MRI view the look of B-mode without its physics: the intensity sets the local echo
 * strength, a fully developed speckle pattern (the magnitude of a smoothed complex Gaussian field,
 * so Rayleigh-distributed, wider laterally than axially) multiplies it, and log compression over a
 * random dynamic range maps it to [0, 1]. No attenuation, shadows or reflections: only texture and
 * grey-level statistics, so the network learns to see anatomy through speckle.
 */
public final class SpeckleAppearance {
  private SpeckleAppearance() {}

  /** A new image; pixels outside {@code sector} stay 0. Seeded by {@code rnd}. */
  public static float[] apply(float[] intensity, boolean[] sector, int n, Random rnd) {
    double axial = 0.8 + 0.6 * rnd.nextDouble(), lateral = 1.5 + 1.5 * rnd.nextDouble();
    double[] re = smooth(gaussian(n, rnd), n, lateral, axial), im = smooth(gaussian(n, rnd), n, lateral, axial);
    double range = 45 + 15 * rnd.nextDouble(), floor = 0.05;
    float[] out = new float[n * n];
    double max = 0;
    double[] env = new double[n * n];
    for (int i = 0; i < env.length; i++) {
      if (!sector[i]) continue;
      env[i] = (floor + intensity[i]) * Math.hypot(re[i], im[i]);
      max = Math.max(max, env[i]);
    }
    for (int i = 0; i < env.length; i++) {
      if (!sector[i] || max == 0) continue;
      double db = 20 * Math.log10(Math.max(env[i], 1e-12) / max);
      out[i] = (float) Math.min(1, Math.max(0, (db + range) / range));
    }
    return out;
  }

  private static double[] gaussian(int n, Random rnd) {
    double[] g = new double[n * n];
    for (int i = 0; i < g.length; i++) g[i] = rnd.nextGaussian();
    return g;
  }

  /** Separable Gaussian blur with standard deviations sx (across, x) and sy (down, y) in pixels. */
  private static double[] smooth(double[] img, int n, double sx, double sy) {
    return pass(pass(img, n, kernel(sx), 1), n, kernel(sy), n);
  }

  private static double[] kernel(double sigma) {
    int r = (int) Math.ceil(2.5 * sigma);
    double[] k = new double[2 * r + 1];
    for (int i = -r; i <= r; i++) k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
    return k;
  }

  /** One 1-D pass along x (stride 1) or y (stride n), clamped at the edges. */
  private static double[] pass(double[] img, int n, double[] k, int stride) {
    int r = k.length / 2;
    double[] out = new double[img.length];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double s = 0;
        for (int j = -r; j <= r; j++) {
          int xx = stride == 1 ? Math.min(n - 1, Math.max(0, x + j)) : x;
          int yy = stride == 1 ? y : Math.min(n - 1, Math.max(0, y + j));
          s += k[j + r] * img[yy * n + xx];
        }
        out[y * n + x] = s;
      }
    }
    return out;
  }
}
