package org.crossmodal.simulate;

/** Separable Gaussian blur of a [line][sample] grid, clamped at the edges; σ in grid steps (≤ 0.1: none). */
final class Smoothing {
  private Smoothing() {}

  static double[][] gaussian(double[][] g, double sigmaLines, double sigmaSamples) {
    return along(across(g, sigmaLines), sigmaSamples);
  }

  private static double[] kernel(double sigma) {
    int r = (int) Math.ceil(2.5 * sigma);
    double[] k = new double[2 * r + 1];
    double sum = 0;
    for (int i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-0.5 * i * i / (sigma * sigma));
    for (int i = 0; i < k.length; i++) k[i] /= sum;
    return k;
  }

  private static double[][] across(double[][] g, double sigma) {
    if (sigma <= 0.1) return g;
    double[] k = kernel(sigma);
    int r = k.length / 2, lines = g.length, samples = g[0].length;
    double[][] out = new double[lines][samples];
    for (int l = 0; l < lines; l++) {
      for (int j = -r; j <= r; j++) {
        double[] src = g[Math.min(lines - 1, Math.max(0, l + j))];
        double w = k[j + r];
        for (int s = 0; s < samples; s++) out[l][s] += w * src[s];
      }
    }
    return out;
  }

  private static double[][] along(double[][] g, double sigma) {
    if (sigma <= 0.1) return g;
    double[] k = kernel(sigma);
    int r = k.length / 2, samples = g[0].length;
    double[][] out = new double[g.length][samples];
    for (int l = 0; l < g.length; l++) {
      for (int s = 0; s < samples; s++) {
        double sum = 0;
        for (int j = -r; j <= r; j++) sum += k[j + r] * g[l][Math.min(samples - 1, Math.max(0, s + j))];
        out[l][s] = sum;
      }
    }
    return out;
  }
}
