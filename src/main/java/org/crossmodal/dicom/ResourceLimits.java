package org.crossmodal.dicom;

import java.util.Locale;

/**
 * Bounds on what one image may cost, checked from header values before any pixel buffer is
 * allocated, so a damaged or hostile header is refused with a message instead of exhausting memory.
 * Set with the command line options {@code --max-frame-pixels}, {@code --max-series-pixels},
 * {@code --memory-budget} or the system properties of the same names below (e.g. in
 * {@code CROSSMODAL_JAVA_OPTS}); sizes accept k, m and g suffixes (powers of 1024).
 *
 * @param maxFramePixels rows × columns of one frame
 * @param maxSeriesPixels all frames of a series (or of one multi-frame instance) together
 * @param memoryBudgetBytes what decoding one series may hold in memory at once (estimated)
 */
public record ResourceLimits(long maxFramePixels, long maxSeriesPixels, long memoryBudgetBytes) {
  public static final String FRAME_PIXELS = "crossmodal.maxFramePixels";
  public static final String SERIES_PIXELS = "crossmodal.maxSeriesPixels";
  public static final String MEMORY_BUDGET = "crossmodal.memoryBudget";

  /** 8192 × 8192: above every modality's frames (mammography is ≈ 4000 × 5000). */
  public static final long DEFAULT_FRAME_PIXELS = 64L << 20;
  /** 2^30 pixels, 4 GiB as 32-bit floats: a 2000-slice CT of 512 × 512 fits. */
  public static final long DEFAULT_SERIES_PIXELS = 1L << 30;

  /** The limits in force: system properties, else the defaults; the memory budget defaults to ¾ of the Java heap. */
  public static ResourceLimits current() {
    return new ResourceLimits(
        size(FRAME_PIXELS, DEFAULT_FRAME_PIXELS),
        size(SERIES_PIXELS, DEFAULT_SERIES_PIXELS),
        size(MEMORY_BUDGET, Runtime.getRuntime().maxMemory() / 4 * 3));
  }

  /** Parses 123, 64m, 4g (powers of 1024). */
  public static long parseSize(String text) {
    String s = text.strip().toLowerCase(Locale.ROOT);
    int shift = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      default -> 0;
    };
    long v = Long.parseLong(shift == 0 ? s : s.substring(0, s.length() - 1));
    if (v <= 0) throw new NumberFormatException("'" + text + "' is not a positive size");
    return v << shift;
  }

  private static long size(String property, long fallback) {
    String v = System.getProperty(property);
    if (v == null || v.isBlank()) return fallback;
    try {
      return parseSize(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + property + "=" + v + ": not a size (e.g. 67108864, 64m, 4g)", e);
    }
  }

  /**
   * Why one instance must not be decoded, or null. {@code bytesPerPixel} is what the stored data
   * takes per pixel (samples × bytes allocated).
   */
  String instanceProblem(int rows, int columns, int frames, double bytesPerPixel, boolean colour) {
    long framePixels = (long) rows * columns;
    if (framePixels > maxFramePixels) {
      return "image too large: " + columns + "x" + rows + " = " + framePixels + " pixels per frame, beyond the limit of "
          + maxFramePixels + " (--max-frame-pixels)";
    }
    long pixels = framePixels * frames;
    if (pixels > maxSeriesPixels) {
      return "image too large: " + frames + " frames of " + columns + "x" + rows + " = " + pixels
          + " pixels, beyond the limit of " + maxSeriesPixels + " per series (--max-series-pixels)";
    }
    return memoryProblem(decodeBytes(pixels, framePixels, bytesPerPixel, colour));
  }

  /** Why a series of {@code pixels} pixels in all must not be loaded, or null; {@code largestInstance} in bytes to decode. */
  String seriesProblem(long pixels, boolean colour, long largestInstance) {
    if (pixels > maxSeriesPixels) {
      return "series too large: " + pixels + " pixels in all, beyond the limit of " + maxSeriesPixels
          + " per series (--max-series-pixels)";
    }
    return memoryProblem(heldBytes(pixels, colour) + largestInstance);
  }

  private String memoryProblem(long bytes) {
    if (bytes <= memoryBudgetBytes) return null;
    return "decoding needs about " + mib(bytes) + " MiB, beyond the memory budget of " + mib(memoryBudgetBytes)
        + " MiB (--memory-budget)";
  }

  /**
   * Memory to decode one instance: the stored data and the decoder's copy of it, the decoded
   * frames as floats (and packed RGB), and one frame's temporary sample arrays.
   */
  static long decodeBytes(long pixels, long framePixels, double bytesPerPixel, boolean colour) {
    return (long) (2 * pixels * bytesPerPixel) + heldBytes(pixels, colour) + 4 * 3 * framePixels;
  }

  /** What a loaded series keeps: 32-bit floats per pixel, plus packed RGB for colour. */
  static long heldBytes(long pixels, boolean colour) {
    return pixels * (colour ? 8 : 4);
  }

  private static long mib(long bytes) {
    return (bytes + (1 << 20) - 1) >> 20;
  }
}
