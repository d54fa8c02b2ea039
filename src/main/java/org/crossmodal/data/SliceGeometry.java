package org.crossmodal.data;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Moves images between their own size and the network's square input: place the image in the
 * centre of a square of {@code side} pixels (padding with zeros, or cropping if it is larger),
 * resize to the network's size (ImageJ's bilinear for intensities and probabilities, nearest for
 * labels), and back. With {@code side = max(w, h)} this is "pad to a square"; with {@code side}
 * from a physical field of view, images of any pixel size reach the network at one scale.
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
    FloatProcessor fp = new FloatProcessor(side, side, canvas);
    fp.setInterpolationMethod(ImageProcessor.BILINEAR);
    return (float[]) fp.resize(size, size, true).getPixels();
  }

  public static byte[] labelsToField(byte[] labels, int w, int h, int side, int size) {
    byte[] canvas = new byte[side * side];
    place(labels, w, h, canvas, side);
    ByteProcessor bp = new ByteProcessor(side, side, canvas);
    bp.setInterpolationMethod(ImageProcessor.NEAREST_NEIGHBOR);
    return (byte[]) bp.resize(size, size, false).getPixels();
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
    FloatProcessor fp = new FloatProcessor(size, size, square);
    fp.setInterpolationMethod(ImageProcessor.BILINEAR);
    float[] big = (float[]) fp.resize(side, side, true).getPixels();
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

  /** Zero mean, unit variance over the image: the same for MRI and ultrasound, so neither is favoured. */
  public static float[] normalise(float[] img) {
    double sum = 0, sq = 0;
    for (float v : img) {
      sum += v;
      sq += (double) v * v;
    }
    double mean = sum / img.length, sd = Math.sqrt(Math.max(1e-12, sq / img.length - mean * mean));
    float[] out = new float[img.length];
    for (int i = 0; i < img.length; i++) out[i] = (float) ((img[i] - mean) / sd);
    return out;
  }
}
