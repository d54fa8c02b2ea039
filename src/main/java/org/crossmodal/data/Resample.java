package org.crossmodal.data;

/**
 * Resizing with the pixel-centre convention: destination pixel x covers source pixels
 * [x·s, (x+1)·s) with s = source/destination width, so its centre (x + ½)·s − ½ lies where the
 * source pixel centres say it does. Images and labels resized to the same size therefore stay
 * aligned, and resizing commutes with mirroring (ImageJ's own resize shifts nearest-neighbour
 * labels by up to half a destination pixel towards the bottom right).
 */
public final class Resample {
  private Resample() {}

  /** Intensities: the area average of the covered source pixels when shrinking, bilinear between centres when enlarging. */
  public static float[] image(float[] src, int sw, int sh, int dw, int dh) {
    float[] rows = dw < sw ? areaX(src, sw, sh, dw) : linearX(src, sw, sh, dw);
    return dh < sh ? areaY(rows, dw, sh, dh) : linearY(rows, dw, sh, dh);
  }

  /** Labels: the source pixel under each destination pixel's centre. */
  public static byte[] labels(byte[] src, int sw, int sh, int dw, int dh) {
    byte[] out = new byte[dw * dh];
    int[] xs = centres(sw, dw);
    int[] ys = centres(sh, dh);
    for (int y = 0; y < dh; y++) {
      int row = ys[y] * sw;
      for (int x = 0; x < dw; x++) out[y * dw + x] = src[row + xs[x]];
    }
    return out;
  }

  private static int[] centres(int s, int d) {
    int[] out = new int[d];
    for (int i = 0; i < d; i++) out[i] = (int) Math.min(s - 1, Math.floor((i + 0.5) * s / d));
    return out;
  }

  private static float[] areaX(float[] src, int sw, int sh, int dw) {
    float[] out = new float[dw * sh];
    double s = (double) sw / dw;
    for (int x = 0; x < dw; x++) {
      double a = x * s, b = (x + 1) * s;
      int i0 = (int) Math.floor(a), i1 = (int) Math.min(sw - 1, Math.ceil(b) - 1);
      for (int y = 0; y < sh; y++) {
        double sum = 0;
        for (int i = i0; i <= i1; i++) sum += src[y * sw + i] * (Math.min(b, i + 1) - Math.max(a, i));
        out[y * dw + x] = (float) (sum / s);
      }
    }
    return out;
  }

  private static float[] areaY(float[] src, int w, int sh, int dh) {
    float[] out = new float[w * dh];
    double s = (double) sh / dh;
    for (int y = 0; y < dh; y++) {
      double a = y * s, b = (y + 1) * s;
      int j0 = (int) Math.floor(a), j1 = (int) Math.min(sh - 1, Math.ceil(b) - 1);
      for (int j = j0; j <= j1; j++) {
        double wgt = Math.min(b, j + 1) - Math.max(a, j);
        for (int x = 0; x < w; x++) out[y * w + x] += (float) (src[j * w + x] * wgt / s);
      }
    }
    return out;
  }

  private static float[] linearX(float[] src, int sw, int sh, int dw) {
    float[] out = new float[dw * sh];
    for (int x = 0; x < dw; x++) {
      double c = Math.min(sw - 1, Math.max(0, (x + 0.5) * sw / dw - 0.5));
      int i = Math.min(sw - 2, (int) c);
      double f = c - i;
      for (int y = 0; y < sh; y++) {
        out[y * dw + x] = sw == 1 ? src[y] : (float) ((1 - f) * src[y * sw + i] + f * src[y * sw + i + 1]);
      }
    }
    return out;
  }

  private static float[] linearY(float[] src, int w, int sh, int dh) {
    float[] out = new float[w * dh];
    for (int y = 0; y < dh; y++) {
      double c = Math.min(sh - 1, Math.max(0, (y + 0.5) * sh / dh - 0.5));
      int j = Math.min(sh - 2, (int) c);
      double f = c - j;
      for (int x = 0; x < w; x++) {
        out[y * w + x] = sh == 1 ? src[x] : (float) ((1 - f) * src[j * w + x] + f * src[(j + 1) * w + x]);
      }
    }
    return out;
  }
}
