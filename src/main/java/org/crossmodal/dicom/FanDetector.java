package org.crossmodal.dicom;

import java.util.ArrayDeque;

/**
 * Finds the imaging sector of an ultrasound image when the file does not say where it is: pixels
 * that carry signal in some frame, smoothed, the largest connected region, holes filled. Text and
 * calibration marks outside the fan are separate small regions and drop out.
 */
public final class FanDetector {
  /** Signal threshold on the smoothed maximum projection, as a share of its 99th percentile. */
  private static final double THRESHOLD = 0.04;
  private static final int RADIUS = 3;

  private FanDetector() {}

  public static boolean[] detect(float[][] frames, int width, int height) {
    float[] maxProj = new float[width * height];
    for (float[] f : frames) for (int i = 0; i < f.length; i++) maxProj[i] = Math.max(maxProj[i], f[i]);
    float[] smooth = boxMean(maxProj, width, height, RADIUS);
    float cut = (float) (THRESHOLD * percentile(smooth, 0.99));
    boolean[] on = new boolean[smooth.length];
    for (int i = 0; i < on.length; i++) on[i] = smooth[i] > cut;
    return fillHoles(largestComponent(on, width, height), width, height);
  }

  private static float[] boxMean(float[] v, int w, int h, int r) {
    // Separable running sums: rows, then columns.
    float[] tmp = new float[v.length], out = new float[v.length];
    for (int y = 0; y < h; y++) {
      double s = 0;
      for (int x = -r; x < w + r; x++) {
        if (x + r < w && x + r >= 0) s += v[y * w + x + r];
        if (x - r - 1 >= 0 && x - r - 1 < w) s -= v[y * w + x - r - 1];
        if (x >= 0 && x < w) tmp[y * w + x] = (float) s;
      }
    }
    for (int x = 0; x < w; x++) {
      double s = 0;
      for (int y = -r; y < h + r; y++) {
        if (y + r < h && y + r >= 0) s += tmp[(y + r) * w + x];
        if (y - r - 1 >= 0 && y - r - 1 < h) s -= tmp[(y - r - 1) * w + x];
        if (y >= 0 && y < h) out[y * w + x] = (float) (s / ((2 * r + 1) * (2 * r + 1)));
      }
    }
    return out;
  }

  private static double percentile(float[] v, double q) {
    float[] c = v.clone();
    java.util.Arrays.sort(c);
    return c[(int) Math.min(c.length - 1, Math.round(q * (c.length - 1)))];
  }

  private static boolean[] largestComponent(boolean[] on, int w, int h) {
    int[] label = new int[on.length];
    int best = 0, bestSize = 0, next = 0;
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int start = 0; start < on.length; start++) {
      if (!on[start] || label[start] != 0) continue;
      int id = ++next, size = 0;
      label[start] = id;
      queue.add(start);
      while (!queue.isEmpty()) {
        int p = queue.poll();
        size++;
        int x = p % w, y = p / w;
        if (x > 0) visit(p - 1, id, on, label, queue);
        if (x < w - 1) visit(p + 1, id, on, label, queue);
        if (y > 0) visit(p - w, id, on, label, queue);
        if (y < h - 1) visit(p + w, id, on, label, queue);
      }
      if (size > bestSize) {
        bestSize = size;
        best = id;
      }
    }
    boolean[] out = new boolean[on.length];
    for (int i = 0; i < on.length; i++) out[i] = best != 0 && label[i] == best;
    return out;
  }

  private static void visit(int q, int id, boolean[] on, int[] label, ArrayDeque<Integer> queue) {
    if (on[q] && label[q] == 0) {
      label[q] = id;
      queue.add(q);
    }
  }

  /** Background reachable from the border stays background; everything else is inside the fan. */
  private static boolean[] fillHoles(boolean[] mask, int w, int h) {
    boolean[] outside = new boolean[mask.length];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int x = 0; x < w; x++) {
      seed(x, mask, outside, queue);
      seed((h - 1) * w + x, mask, outside, queue);
    }
    for (int y = 0; y < h; y++) {
      seed(y * w, mask, outside, queue);
      seed(y * w + w - 1, mask, outside, queue);
    }
    while (!queue.isEmpty()) {
      int p = queue.poll(), x = p % w, y = p / w;
      if (x > 0) seed(p - 1, mask, outside, queue);
      if (x < w - 1) seed(p + 1, mask, outside, queue);
      if (y > 0) seed(p - w, mask, outside, queue);
      if (y < h - 1) seed(p + w, mask, outside, queue);
    }
    boolean[] out = new boolean[mask.length];
    for (int i = 0; i < out.length; i++) out[i] = !outside[i];
    return out;
  }

  private static void seed(int p, boolean[] mask, boolean[] outside, ArrayDeque<Integer> queue) {
    if (!mask[p] && !outside[p]) {
      outside[p] = true;
      queue.add(p);
    }
  }
}
