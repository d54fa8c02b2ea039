package org.crossmodal.inference;

import java.util.List;

/**
 * Temperature scaling (Guo et al. 2017) of class probabilities already averaged over the
 * pseudo-labeller's passes: each probability raised to 1/T and renormalised, which for one pass is
 * softmax(logits / T). T is fitted by the negative log-likelihood of the true class on labelled
 * images; it changes how sure a prediction says it is, never which class it picks.
 */
final class Temperature {
  /** The temperatures tried: 0.25 to 8, evenly in log scale. */
  private static final int STEPS = 101;
  private static final double LOWEST = 0.25, HIGHEST = 8;
  /** Every STRIDE-th labelled pixel is enough for one number, and keeps the fit under a second. */
  private static final int STRIDE = 4;

  private Temperature() {}

  /**
   * The temperature that minimises the mean negative log-likelihood of {@code labels} (class per
   * pixel, negative: not scored) under {@code probs} ([image][class][pixel]) over the pixels of
   * {@code regions} (null: all); 1 when nothing is labelled.
   */
  static double fit(List<float[][]> probs, List<byte[]> labels, List<boolean[]> regions) {
    int k = probs.isEmpty() ? 0 : probs.get(0).length;
    int n = 0;
    for (int f = 0; f < probs.size(); f++) n += (labels.get(f).length + STRIDE - 1) / STRIDE;
    double[][] logP = new double[n][];
    int[] truth = new int[n];
    int m = 0;
    for (int f = 0; f < probs.size(); f++) {
      float[][] p = probs.get(f);
      byte[] y = labels.get(f);
      boolean[] region = regions.get(f);
      for (int i = 0; i < y.length; i += STRIDE) {
        if (y[i] < 0 || y[i] >= k || (region != null && !region[i])) continue;
        double[] l = new double[k];
        for (int c = 0; c < k; c++) l[c] = Math.log(Math.max(p[c][i], 1e-7f));
        logP[m] = l;
        truth[m++] = y[i];
      }
    }
    if (m == 0) return 1;
    double best = 1, bestNll = Double.POSITIVE_INFINITY;
    for (int s = 0; s < STEPS; s++) {
      double t = LOWEST * Math.pow(HIGHEST / LOWEST, s / (double) (STEPS - 1));
      double nll = 0;
      for (int j = 0; j < m; j++) nll += logSumExp(logP[j], 1 / t) - logP[j][truth[j]] / t;
      if (nll < bestNll) {
        bestNll = nll;
        best = t;
      }
    }
    return best;
  }

  /** {@code p} ([class][pixel]) at temperature {@code t}, as a new array. */
  static float[][] apply(float[][] p, double t) {
    int k = p.length, n = p[0].length;
    float[][] out = new float[k][n];
    double[] l = new double[k];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < k; c++) l[c] = Math.log(Math.max(p[c][i], 1e-7f)) / t;
      double z = logSumExp(l, 1);
      for (int c = 0; c < k; c++) out[c][i] = (float) Math.exp(l[c] - z);
    }
    return out;
  }

  private static double logSumExp(double[] l, double scale) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : l) max = Math.max(max, v * scale);
    double sum = 0;
    for (double v : l) sum += Math.exp(v * scale - max);
    return max + Math.log(sum);
  }
}
