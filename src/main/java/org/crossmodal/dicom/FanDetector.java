package org.crossmodal.dicom;

import java.util.ArrayDeque;

/**
 * Finds the imaging sector of an ultrasound image when the file does not say where it is: pixels
 * that carry signal in some frame, smoothed, the largest connected region, then its convex hull
 * (sector and linear images are convex, and dark blood pools inside them must count as inside).
 * Text and calibration marks outside the fan are separate small regions and drop out.
 */
public final class FanDetector {
  /** Signal threshold on the smoothed maximum projection, as a share of its 99th percentile. */
  private static final double THRESHOLD = 0.04;
  private static final int RADIUS = 3;

  private FanDetector() {}

  public static boolean[] detect(float[][] frames, int width, int height) {
    return convexHull(largestComponent(signal(frames, width, height, null), width, height), width, height);
  }

  /**
   * The convex hull of every pixel that carries signal in some frame within {@code within}, an area
   * known to be free of text (a file's Ultrasound Region, a fan found before): the fan inside it,
   * whatever dark pools or left-out colour-flow pixels split its echoes into pieces.
   */
  public static boolean[] signalHull(float[][] frames, int width, int height, boolean[] within) {
    boolean[] hull = convexHull(signal(frames, width, height, within), width, height);
    for (int i = 0; i < hull.length; i++) hull[i] &= within[i];
    return hull;
  }

  /** Pixels of the smoothed maximum projection (over {@code within}, null: all) above the threshold. */
  private static boolean[] signal(float[][] frames, int width, int height, boolean[] within) {
    float[] maxProj = new float[width * height];
    for (float[] f : frames) {
      for (int i = 0; i < f.length; i++) if (within == null || within[i]) maxProj[i] = Math.max(maxProj[i], f[i]);
    }
    float[] smooth = boxMean(maxProj, width, height, RADIUS);
    float cut = (float) (THRESHOLD * percentile(smooth, 0.99));
    boolean[] on = new boolean[smooth.length];
    for (int i = 0; i < on.length; i++) on[i] = smooth[i] > cut && (within == null || within[i]);
    return on;
  }

  /** Fills the convex hull (Andrew's monotone chain over each row's end points) of the mask. */
  private static boolean[] convexHull(boolean[] mask, int w, int h) {
    java.util.List<int[]> pts = new java.util.ArrayList<>();
    for (int y = 0; y < h; y++) {
      int first = -1, last = -1;
      for (int x = 0; x < w; x++) {
        if (mask[y * w + x]) {
          if (first < 0) first = x;
          last = x;
        }
      }
      if (first >= 0) {
        pts.add(new int[] {first, y});
        if (last != first) pts.add(new int[] {last, y});
      }
    }
    boolean[] out = new boolean[mask.length];
    if (pts.size() < 3) return mask.clone();
    pts.sort((a, b) -> a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]));
    int[][] hull = new int[2 * pts.size()][];
    int k = 0;
    for (int[] p : pts) {
      while (k >= 2 && cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
      hull[k++] = p;
    }
    for (int i = pts.size() - 2, lower = k + 1; i >= 0; i--) {
      int[] p = pts.get(i);
      while (k >= lower && cross(hull[k - 2], hull[k - 1], p) <= 0) k--;
      hull[k++] = p;
    }
    java.awt.Polygon poly = new java.awt.Polygon();
    for (int i = 0; i < k - 1; i++) poly.addPoint(hull[i][0], hull[i][1]);
    java.awt.Rectangle b = poly.getBounds();
    for (int y = Math.max(0, b.y); y <= Math.min(h - 1, b.y + b.height); y++) {
      for (int x = Math.max(0, b.x); x <= Math.min(w - 1, b.x + b.width); x++) {
        out[y * w + x] = mask[y * w + x] || poly.contains(x + 0.5, y + 0.5);
      }
    }
    return out;
  }

  private static long cross(int[] o, int[] a, int[] b) {
    return (long) (a[0] - o[0]) * (b[1] - o[1]) - (long) (a[1] - o[1]) * (b[0] - o[0]);
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

  /** The value of rank q·(n−1) (as after sorting), by selection: every frame of a stack goes through here. */
  private static double percentile(float[] v, double q) {
    float[] c = v.clone();
    int k = (int) Math.min(c.length - 1, Math.round(q * (c.length - 1))), lo = 0, hi = c.length - 1;
    while (lo < hi) {
      float pivot = c[(lo + hi) >>> 1];
      int i = lo, j = hi;
      while (i <= j) {
        while (c[i] < pivot) i++;
        while (c[j] > pivot) j--;
        if (i <= j) {
          float t = c[i];
          c[i++] = c[j];
          c[j--] = t;
        }
      }
      if (k <= j) hi = j;
      else if (k >= i) lo = i;
      else break;
    }
    return c[k];
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
}
