package org.crossmodal.simulate;

import java.util.Random;
import java.util.stream.IntStream;

/**
 * Gives an MRI view the look of B-mode without simulating its physics: the intensity sets the local
 * echo strength, a fully developed speckle pattern (the magnitude of a smoothed complex Gaussian
 * field, so Rayleigh-distributed, wider laterally than axially) multiplies it, and log compression
 * over a random dynamic range maps it to [0, 1]. Optionally ({@link Echoes}) the echo fades with
 * depth and intensity steps along the beam echo as bright lines, as interfaces such as the skull do
 * in B-mode. No shadows or reverberation: the network learns to see anatomy through B-mode's look.
 */
public final class SpeckleAppearance {
  private SpeckleAppearance() {}

  /**
   * What a sector view (apex at the top centre, pixels of {@code pixelMm}) adds to speckle:
   * {@code dbPerCm}, the attenuation left over after time-gain compensation, which darkens the far
   * field; {@code specular}, the strength of the echo of an intensity step along the beam.
   */
  public record Echoes(double pixelMm, double dbPerCm, double specular) {
    public static final Echoes NONE = new Echoes(1, 0, 0);
  }

  /** A new image; pixels outside {@code sector} stay 0. Seeded by {@code rnd}. */
  public static float[] apply(float[] intensity, boolean[] sector, int n, Random rnd) {
    return apply(intensity, sector, n, Echoes.NONE, rnd);
  }

  /** As above, with the echoes' depth fading and specular lines. */
  public static float[] apply(float[] intensity, boolean[] sector, int n, Echoes echoes, Random rnd) {
    double axial = 0.8 + 0.6 * rnd.nextDouble(), lateral = 1.5 + 1.5 * rnd.nextDouble();
    double[] re = smooth(gaussian(n, rnd), n, lateral, axial), im = smooth(gaussian(n, rnd), n, lateral, axial);
    double range = 45 + 15 * rnd.nextDouble(), floor = 0.05;
    float[] out = new float[n * n];
    double max = 0;
    double[] env = new double[n * n];
    double[] smoothed = echoes.specular() > 0 ? smooth(toDouble(intensity), n, 1, 1) : null;
    for (int i = 0; i < env.length; i++) {
      if (!sector[i]) continue;
      int x = i % n, y = i / n;
      double dx = x - n / 2.0 + 0.5, dy = y + 0.5, r = Math.hypot(dx, dy);
      double fade = Math.pow(10, -echoes.dbPerCm() * r * echoes.pixelMm() / 10 / 20);
      env[i] = (floor + intensity[i]) * Math.hypot(re[i], im[i]) * fade;
      if (smoothed != null && x > 0 && y > 0 && x < n - 1 && y < n - 1) {
        // The step of the intensity along the beam, i.e. away from the apex.
        double step = ((smoothed[i + 1] - smoothed[i - 1]) * dx + (smoothed[i + n] - smoothed[i - n]) * dy) / (2 * r);
        env[i] += echoes.specular() * Math.abs(step) * fade;
      }
      max = Math.max(max, env[i]);
    }
    // Bright lines would set the level for everything else: with them the reference is the 99.5th
    // percentile, as in the simulator's log compression.
    if (smoothed != null) max = percentile(env, sector, 0.995);
    for (int i = 0; i < env.length; i++) {
      if (!sector[i] || max == 0) continue;
      double db = 20 * Math.log10(Math.max(env[i], 1e-12) / max);
      out[i] = (float) Math.min(1, Math.max(0, (db + range) / range));
    }
    return out;
  }

  private static double percentile(double[] v, boolean[] inside, double q) {
    double[] sorted = IntStream.range(0, v.length).filter(i -> inside[i]).mapToDouble(i -> v[i]).sorted().toArray();
    return sorted.length == 0 ? 0 : sorted[(int) (q * (sorted.length - 1))];
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) d[i] = f[i];
    return d;
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
