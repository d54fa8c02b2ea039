package org.crossmodal.data;

import java.util.Arrays;

/**
 * Moves images between their own size and the network's square input: place the image in the
 * centre of a square of {@code side} pixels (padding with zeros, or cropping if it is larger),
 * resize to the network's size ({@link Resample}: area average for intensities, the pixel under
 * each centre for labels, both with the pixel-centre convention so they stay aligned), and back.
 * With {@code side = max(w, h)} this is "pad to a square"; with {@code side} from a physical field
 * of view, images of any pixel size reach the network at one scale.
 */
public final class SliceGeometry {
  private SliceGeometry() {}

  public static float[] toSquare(float[] img, int w, int h, int size) {
    return toField(img, w, h, Math.max(w, h), size);
  }

  public static byte[] labelsToSquare(byte[] labels, int w, int h, int size) {
    return labelsToField(labels, w, h, Math.max(w, h), size);
  }

  /** The inverse of {@link #toSquare}: a square map back onto a w×h image. */
  public static float[] fromSquare(float[] square, int size, int w, int h) {
    return fromField(square, size, w, h, Math.max(w, h));
  }

  /** The pixel size when pixels are square, else 0 (unknown scale: the image is just padded to a square). */
  public static double isotropic(double pixelWidthMm, double pixelHeightMm) {
    return pixelWidthMm > 0 && Math.abs(pixelWidthMm - pixelHeightMm) < 1e-3 * pixelWidthMm ? pixelWidthMm : 0;
  }

  /** Side in pixels of a square covering {@code fieldMm} at {@code pixelMm}; max(w, h) when either is unknown. */
  public static int side(int w, int h, double pixelMm, double fieldMm) {
    if (!(pixelMm > 0) || !(fieldMm > 0)) return Math.max(w, h);
    return Math.max(1, (int) Math.round(fieldMm / pixelMm));
  }

  public static float[] toField(float[] img, int w, int h, int side, int size) {
    float[] canvas = new float[side * side];
    place(img, w, h, canvas, side);
    return Resample.image(canvas, side, side, size, size);
  }

  public static byte[] labelsToField(byte[] labels, int w, int h, int side, int size) {
    byte[] canvas = new byte[side * side];
    place(labels, w, h, canvas, side);
    return Resample.labels(canvas, side, side, size, size);
  }

  public static boolean[] maskToField(boolean[] mask, int w, int h, int side, int size) {
    byte[] b = new byte[mask.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) (mask[i] ? 1 : 0);
    byte[] r = labelsToField(b, w, h, side, size);
    boolean[] out = new boolean[r.length];
    for (int i = 0; i < r.length; i++) out[i] = r[i] != 0;
    return out;
  }

  /** The inverse of {@link #toField}: a square map back onto the w×h image (zero where it was cropped). */
  public static float[] fromField(float[] square, int size, int w, int h, int side) {
    float[] big = Resample.image(square, size, size, side, side);
    float[] out = new float[w * h];
    int ox = (side - w) / 2, oy = (side - h) / 2;
    for (int y = 0; y < h; y++) {
      int sy = y + oy;
      if (sy < 0 || sy >= side) continue;
      for (int x = 0; x < w; x++) {
        int sx = x + ox;
        if (sx >= 0 && sx < side) out[y * w + x] = big[sy * side + sx];
      }
    }
    return out;
  }

  /** Copies a w×h image into the centre of a side×side canvas, clipping what falls outside. */
  private static void place(Object src, int w, int h, Object canvas, int side) {
    int ox = (side - w) / 2, oy = (side - h) / 2;
    int x0 = Math.max(0, -ox), x1 = Math.min(w, side - ox);
    if (x1 <= x0) return;
    for (int y = 0; y < h; y++) {
      int ty = y + oy;
      if (ty < 0 || ty >= side) continue;
      System.arraycopy(src, y * w + x0, canvas, ty * side + ox + x0, x1 - x0);
    }
  }

  /** {@link #normalise(float[], boolean[])} over the whole image. */
  public static float[] normalise(float[] img) {
    return normalise(img, null);
  }

  /**
   * The one input normalisation of every image a network sees (MRI slices, MRI probe views,
   * simulated and real ultrasound): {@code (x − μ) / σ} on every pixel, with μ and σ the mean and
   * standard deviation over the imaged {@code region} only (the head of an MRI slice, the sector of
   * ultrasound and of probe views; null: the whole image). Padding never enters the statistics, so
   * the same anatomy gets the same values however much of the square it fills.
   */
  public static float[] normalise(float[] img, boolean[] region) {
    double sum = 0, sq = 0;
    long n = 0;
    for (int i = 0; i < img.length; i++) {
      if (region != null && !region[i]) continue;
      sum += img[i];
      sq += (double) img[i] * img[i];
      n++;
    }
    if (n == 0) return new float[img.length];
    double mean = sum / n, sd = Math.sqrt(Math.max(1e-12, sq / n - mean * mean));
    float[] out = new float[img.length];
    for (int i = 0; i < img.length; i++) out[i] = (float) ((img[i] - mean) / sd);
    return out;
  }

  /** Share of the 99th percentile above which an MRI pixel counts as head, not air. */
  static final double HEAD_THRESHOLD = 0.08;

  /**
   * The imaged region of an image without an acquisition mask (an MRI slice, a TIFF): pixels above
   * 8 % of the 99th percentile, each row filled between its first and last such pixel (so dark
   * ventricles and CSF inside the head count). An image where that finds under 5 % of the pixels is
   * taken whole.
   */
  public static boolean[] headRegion(float[] img, int w, int h) {
    float[] sorted = img.clone();
    Arrays.sort(sorted);
    double threshold = HEAD_THRESHOLD * sorted[(int) (0.99 * (sorted.length - 1))];
    boolean[] region = new boolean[img.length];
    long count = 0;
    for (int y = 0; y < h; y++) {
      int first = -1, last = -1;
      for (int x = 0; x < w; x++) {
        if (img[y * w + x] > threshold) {
          if (first < 0) first = x;
          last = x;
        }
      }
      for (int x = first; first >= 0 && x <= last; x++) region[y * w + x] = true;
      count += first < 0 ? 0 : last - first + 1;
    }
    if (count < 0.05 * img.length || !(threshold > 0)) Arrays.fill(region, true);
    return region;
  }
}
