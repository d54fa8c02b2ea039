package org.crossmodal.data;

import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

/**
 * Moves images between their own size and the network's square input: pad to a centred square,
 * resize (ImageJ's bilinear for intensities and probabilities, nearest for labels), and back.
 */
public final class SliceGeometry {
  private SliceGeometry() {}

  public static float[] toSquare(float[] img, int w, int h, int size) {
    int side = Math.max(w, h);
    float[] padded = new float[side * side];
    int ox = (side - w) / 2, oy = (side - h) / 2;
    for (int y = 0; y < h; y++) System.arraycopy(img, y * w, padded, (y + oy) * side + ox, w);
    FloatProcessor fp = new FloatProcessor(side, side, padded);
    fp.setInterpolationMethod(ImageProcessor.BILINEAR);
    return (float[]) fp.resize(size, size, true).getPixels();
  }

  public static byte[] labelsToSquare(byte[] labels, int w, int h, int size) {
    int side = Math.max(w, h);
    byte[] padded = new byte[side * side];
    int ox = (side - w) / 2, oy = (side - h) / 2;
    for (int y = 0; y < h; y++) System.arraycopy(labels, y * w, padded, (y + oy) * side + ox, w);
    ByteProcessor bp = new ByteProcessor(side, side, padded);
    bp.setInterpolationMethod(ImageProcessor.NEAREST_NEIGHBOR);
    return (byte[]) bp.resize(size, size, false).getPixels();
  }

  /** The inverse of {@link #toSquare}: a square map back onto a w×h image. */
  public static float[] fromSquare(float[] square, int size, int w, int h) {
    int side = Math.max(w, h);
    FloatProcessor fp = new FloatProcessor(size, size, square);
    fp.setInterpolationMethod(ImageProcessor.BILINEAR);
    float[] big = (float[]) fp.resize(side, side, true).getPixels();
    float[] out = new float[w * h];
    int ox = (side - w) / 2, oy = (side - h) / 2;
    for (int y = 0; y < h; y++) System.arraycopy(big, (y + oy) * side + ox, out, y * w, w);
    return out;
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
