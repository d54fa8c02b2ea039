package org.crossmodal.data;

import java.util.Random;

/**
 * Seeded augmentation of a square training slice: left-right flip, small rotation and scaling, an
 * elastic deformation (a smooth random displacement field from a coarse grid), then gamma,
 * contrast, a linear bias field and Gaussian noise. One geometric mapping moves image (bilinear),
 * labels and imaged region (nearest) together; the result is normalised over its region again.
 * The same seed gives the same result.
 */
public final class Augmenter {
  private static final int GRID = 4;
  private static final double MAX_ROTATION = Math.toRadians(10), MAX_SCALE = 0.1, ELASTIC_PIXELS = 3;

  private Augmenter() {}

  public static LabelledSlice augment(LabelledSlice s, Random rnd) {
    int n = s.size();
    boolean flip = rnd.nextBoolean();
    double angle = (rnd.nextDouble() * 2 - 1) * MAX_ROTATION;
    double scale = 1 + (rnd.nextDouble() * 2 - 1) * MAX_SCALE;
    double[][] dx = new double[GRID][GRID], dy = new double[GRID][GRID];
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        dx[i][j] = rnd.nextGaussian() * ELASTIC_PIXELS;
        dy[i][j] = rnd.nextGaussian() * ELASTIC_PIXELS;
      }
    }
    double cos = Math.cos(angle) / scale, sin = Math.sin(angle) / scale, c = (n - 1) / 2.0;
    float[] img = new float[n * n];
    byte[] lab = new byte[n * n];
    boolean[] region = s.region() == null ? null : new boolean[n * n];
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double u = x - c, v = y - c;
        double sx = cos * u - sin * v + c + grid(dx, x, y, n), sy = sin * u + cos * v + c + grid(dy, x, y, n);
        if (flip) sx = n - 1 - sx;
        img[y * n + x] = bilinear(s.image(), n, sx, sy);
        int nx = (int) Math.round(sx), ny = (int) Math.round(sy);
        boolean in = nx >= 0 && ny >= 0 && nx < n && ny < n;
        lab[y * n + x] = in ? s.labels()[ny * n + nx] : 0;
        if (region != null) region[y * n + x] = in && s.region()[ny * n + nx];
      }
    }
    return new LabelledSlice(s.index(), n, intensity(img, region, n, rnd), lab, region, s.ultrasoundLike());
  }

  private static float[] intensity(float[] img, boolean[] region, int n, Random rnd) {
    float min = Float.MAX_VALUE, max = -Float.MAX_VALUE;
    for (float v : img) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    double gamma = Math.exp((rnd.nextDouble() * 2 - 1) * 0.35), contrast = 0.8 + 0.4 * rnd.nextDouble();
    double bx = (rnd.nextDouble() * 2 - 1) * 0.2, by = (rnd.nextDouble() * 2 - 1) * 0.2;
    double noise = 0.05 * rnd.nextDouble();
    float[] out = new float[img.length];
    double range = Math.max(1e-6, max - min);
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        double v = Math.pow((img[y * n + x] - min) / range, gamma) * contrast;
        double bias = 1 + bx * (2.0 * x / n - 1) + by * (2.0 * y / n - 1);
        out[y * n + x] = (float) (v * bias + noise * rnd.nextGaussian());
      }
    }
    return SliceGeometry.normalise(out, region);
  }

  /** Bilinear interpolation of the coarse displacement grid at pixel (x, y). */
  private static double grid(double[][] g, int x, int y, int n) {
    double gx = x * (GRID - 1.0) / (n - 1), gy = y * (GRID - 1.0) / (n - 1);
    int i = Math.min(GRID - 2, (int) gy), j = Math.min(GRID - 2, (int) gx);
    double fy = gy - i, fx = gx - j;
    return (1 - fy) * ((1 - fx) * g[i][j] + fx * g[i][j + 1]) + fy * ((1 - fx) * g[i + 1][j] + fx * g[i + 1][j + 1]);
  }

  private static float bilinear(float[] img, int n, double x, double y) {
    if (x < 0 || y < 0 || x > n - 1 || y > n - 1) return img[0];
    int x0 = Math.min(n - 2, (int) x), y0 = Math.min(n - 2, (int) y);
    double fx = x - x0, fy = y - y0;
    return (float) ((1 - fy) * ((1 - fx) * img[y0 * n + x0] + fx * img[y0 * n + x0 + 1])
        + fy * ((1 - fx) * img[(y0 + 1) * n + x0] + fx * img[(y0 + 1) * n + x0 + 1]));
  }
}
