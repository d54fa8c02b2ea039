package org.crossmodal.simulate;

/**
 * Grey-level statistics and speckle size of an image region, for comparing simulated frames with
 * real ones: mean, standard deviation, and the full width at half maximum of the normalised
 * autocorrelation along columns (axial) and rows (lateral), in pixels. The autocorrelation is taken
 * of the image minus its local 11×11 mean, so that anatomy (e.g. a dark blood pool) does not pass
 * for speckle.
 */
public final class SpeckleStats {
  private SpeckleStats() {}

  /** {mean, sd, axial FWHM, lateral FWHM}. */
  public static double[] measure(float[] img, boolean[] region, int w, int h) {
    double sum = 0, sq = 0;
    int n = 0;
    for (int i = 0; i < img.length; i++) {
      if (region[i]) {
        sum += img[i];
        sq += img[i] * img[i];
        n++;
      }
    }
    double mean = sum / n, sd = Math.sqrt(sq / n - mean * mean);
    float[] detail = minusLocalMean(img, region, w, h, 5);
    double v = 0;
    for (int i = 0; i < img.length; i++) if (region[i]) v += detail[i] * detail[i];
    v /= n;
    return new double[] {mean, sd, fwhm(detail, region, w, h, 0, 1, 0, v), fwhm(detail, region, w, h, 1, 0, 0, v)};
  }

  private static float[] minusLocalMean(float[] img, boolean[] region, int w, int h, int r) {
    float[] out = new float[img.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!region[y * w + x]) continue;
        double s = 0;
        int n = 0;
        for (int yy = Math.max(0, y - r); yy <= Math.min(h - 1, y + r); yy++) {
          for (int xx = Math.max(0, x - r); xx <= Math.min(w - 1, x + r); xx++) {
            if (region[yy * w + xx]) {
              s += img[yy * w + xx];
              n++;
            }
          }
        }
        out[y * w + x] = (float) (img[y * w + x] - s / n);
      }
    }
    return out;
  }

  private static double fwhm(float[] img, boolean[] region, int w, int h, int dx, int dy, double mean, double var) {
    double previous = 1;
    for (int lag = 1; lag < 40; lag++) {
      double s = 0;
      int n = 0;
      for (int y = 0; y + lag * dy < h; y++) {
        for (int x = 0; x + lag * dx < w; x++) {
          int a = y * w + x, b = (y + lag * dy) * w + x + lag * dx;
          if (region[a] && region[b]) {
            s += (img[a] - mean) * (img[b] - mean);
            n++;
          }
        }
      }
      double r = s / n / var;
      if (r < 0.5) return 2 * (lag - 1 + (previous - 0.5) / (previous - r));
      previous = r;
    }
    return 80;
  }
}
