package org.crossmodal.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where the network's square input sits on an image: one or more square windows of {@code side}
 * image pixels, each resized to the network's input. Nothing in the imaging area is ever left out.
 *
 * <ul>
 *   <li>With a real pixel size and a model that knows its field of view, a window covers that field
 *       of view, so the image reaches the network at the scale it was trained at. It is centred on
 *       the image (as in training); when that would leave part of the imaging area out, it is
 *       shifted onto the area, and an area larger than the field of view is covered by overlapping
 *       windows whose results are averaged.
 *   <li>Without a pixel size (an uncalibrated image) the scale is unknown: the imaging area's
 *       bounding square is fitted to the network's input. Giving the imaging depth
 *       ({@link #ofDepth}) turns that into a real scale.
 * </ul>
 *
 * {@code area} is the imaging area (an ultrasound sector), or null for the whole image.
 */
public record InputFit(int width, int height, int side, List<int[]> windows, double pixelMm, int[] areaBox, String how) {

  /** Windows overlap by at least a quarter of their side when several are needed. */
  private static final double OVERLAP = 0.25;

  /** The windows for an image of w×h pixels of {@code pixelMm} (0: unknown) and a network of {@code net}'s geometry. */
  public static InputFit of(int w, int h, double pixelMm, boolean[] area, NetworkGeometry net) {
    return fit(w, h, pixelMm, area, net, false);
  }

  /**
   * One window only (training squares, pseudo-labels): as {@link #of}, but an imaging area larger
   * than the field of view is shrunk into one window instead of being tiled (and says so).
   */
  public static InputFit single(int w, int h, double pixelMm, boolean[] area, NetworkGeometry net) {
    return fit(w, h, pixelMm, area, net, true);
  }

  /** The pixel size of an uncalibrated image whose imaging area is {@code depthMm} deep (the height of the area); 0 if unknown. */
  public static double ofDepth(int w, int h, boolean[] area, double depthMm) {
    if (!(depthMm > 0)) return 0;
    int[] box = box(w, h, area);
    return depthMm / (box[3] - box[1]);
  }

  private static InputFit fit(int w, int h, double pixelMm, boolean[] area, NetworkGeometry net, boolean single) {
    int[] box = box(w, h, area);
    int bw = box[2] - box[0], bh = box[3] - box[1];
    List<int[]> windows = new ArrayList<>();
    if (!(pixelMm > 0) || !(net.fieldOfViewMm() > 0)) {
      int side = Math.max(bw, bh);
      windows.add(new int[] {box[0] - (side - bw) / 2, box[1] - (side - bh) / 2});
      String how = pixelMm > 0 ? String.format(Locale.ROOT, "%.3f mm per pixel; the model does not record its field of view: "
          + "the %s (%d x %d pixels) fitted to its %d-pixel input", pixelMm, what(area), bw, bh, net.inputSize())
          : String.format(Locale.ROOT, "uncalibrated (no pixel size): the %s (%d x %d pixels) fitted to the model's %d-pixel input; "
          + "its scale is a guess, give the imaging depth for the scale the model was trained at", what(area), bw, bh, net.inputSize());
      return new InputFit(w, h, side, List.copyOf(windows), pixelMm, box, how);
    }
    int side = Math.max(1, (int) Math.round(net.fieldOfViewMm() / pixelMm));
    // Centred as SliceGeometry places an image in its square, so a fitting image is treated exactly as in training.
    int cx = -((side - w) / 2), cy = -((side - h) / 2);
    String scale = String.format(Locale.ROOT, "%.3f mm per pixel, the model's field of view of %.0f mm = %d pixels", pixelMm,
        net.fieldOfViewMm(), side);
    if (box[0] >= cx && box[2] <= cx + side && box[1] >= cy && box[3] <= cy + side) {
      windows.add(new int[] {cx, cy});
      return new InputFit(w, h, side, List.copyOf(windows), pixelMm, box, scale);
    }
    if (bw <= side && bh <= side) {
      windows.add(new int[] {shift(cx, side, box[0], box[2]), shift(cy, side, box[1], box[3])});
      return new InputFit(w, h, side, List.copyOf(windows), pixelMm, box, scale + ", moved onto the " + what(area));
    }
    String size = String.format(Locale.ROOT, "the %s (%.0f x %.0f mm) is larger than the model's field of view (%.0f mm)", what(area),
        bw * pixelMm, bh * pixelMm, net.fieldOfViewMm());
    if (single) {
      int s = Math.max(bw, bh);
      windows.add(new int[] {box[0] - (s - bw) / 2, box[1] - (s - bh) / 2});
      return new InputFit(w, h, s, List.copyOf(windows), pixelMm, box, String.format(Locale.ROOT,
          "%.3f mm per pixel; %s: shrunk into one input, %.0f %% of the training scale", pixelMm, size, 100.0 * side / s));
    }
    int[] xs = starts(box[0], bw, side), ys = starts(box[1], bh, side);
    for (int y : ys) for (int x : xs) windows.add(new int[] {x, y});
    return new InputFit(w, h, side, List.copyOf(windows), pixelMm, box, scale + "; " + size + ": covered by " + xs.length + " x "
        + ys.length + " overlapping windows");
  }

  private static String what(boolean[] area) {
    return area == null ? "image" : "imaging area";
  }

  /** The bounding box {x0, y0, x1, y1} (exclusive ends) of the area; the whole image when there is none or it is empty. */
  static int[] box(int w, int h, boolean[] area) {
    if (area == null) return new int[] {0, 0, w, h};
    int x0 = w, y0 = h, x1 = -1, y1 = -1;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (!area[y * w + x]) continue;
        x0 = Math.min(x0, x);
        x1 = Math.max(x1, x);
        y0 = Math.min(y0, y);
        y1 = Math.max(y1, y);
      }
    }
    return x1 < 0 ? new int[] {0, 0, w, h} : new int[] {x0, y0, x1 + 1, y1 + 1};
  }

  /** The window start nearest to {@code centred} that holds [lo, hi). */
  private static int shift(int centred, int side, int lo, int hi) {
    if (lo < centred) return lo;
    if (hi > centred + side) return hi - side;
    return centred;
  }

  /** Starts of windows of {@code side} covering [lo, lo + extent), evenly spread, overlapping by at least a quarter. */
  private static int[] starts(int lo, int extent, int side) {
    if (extent <= side) return new int[] {lo - (side - extent) / 2};
    int n = 1 + (int) Math.ceil((extent - side) / (side * (1 - OVERLAP)));
    int[] s = new int[n];
    for (int i = 0; i < n; i++) s[i] = lo + (int) Math.round((extent - side) * (double) i / (n - 1));
    return s;
  }

  /** Whether the windows are just the image centred in one square, as every image was placed before fitting existed. */
  public boolean isCentred() {
    return windows.size() == 1 && windows.get(0)[0] == -((side - width) / 2) && windows.get(0)[1] == -((side - height) / 2);
  }

  /** Pixel size of the network's input of {@code inputSize} pixels in mm; 0 when the image has no real scale. */
  public double networkPixelMm(int inputSize) {
    return pixelMm > 0 ? pixelMm * side / inputSize : 0;
  }

  /** Window {@code i} of an image: side×side, zero outside the image. */
  public float[] window(float[] img, int i) {
    float[] out = new float[side * side];
    copy(img, out, i);
    return out;
  }

  public byte[] window(byte[] img, int i) {
    byte[] out = new byte[side * side];
    copy(img, out, i);
    return out;
  }

  public boolean[] window(boolean[] img, int i) {
    boolean[] out = new boolean[side * side];
    copy(img, out, i);
    return out;
  }

  private void copy(Object img, Object out, int i) {
    int x0 = windows.get(i)[0], y0 = windows.get(i)[1];
    int from = Math.max(0, x0), to = Math.min(width, x0 + side);
    if (to <= from) return;
    for (int y = Math.max(0, y0); y < Math.min(height, y0 + side); y++) {
      System.arraycopy(img, y * width + from, out, (y - y0) * side + from - x0, to - from);
    }
  }

  /** Adds window {@code i}'s values (side×side) onto the image-sized {@code sum}, counting each pixel's windows in {@code count}. */
  public void add(float[] values, int i, float[] sum, float[] count) {
    int x0 = windows.get(i)[0], y0 = windows.get(i)[1];
    for (int y = Math.max(0, y0); y < Math.min(height, y0 + side); y++) {
      for (int x = Math.max(0, x0); x < Math.min(width, x0 + side); x++) {
        sum[y * width + x] += values[(y - y0) * side + x - x0];
        count[y * width + x]++;
      }
    }
  }
}
