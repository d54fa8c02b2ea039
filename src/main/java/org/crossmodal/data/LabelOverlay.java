package org.crossmodal.data;

/**
 * Draws labels over an image for people and viewers that cannot show a SEG: the image in grey (or
 * its own colours), each foreground class filled at 35 % opacity and outlined at full colour, in the
 * class colours of the label images ({@link LabelImages#colour}).
 */
public final class LabelOverlay {
  private static final double FILL = 0.35;

  private LabelOverlay() {}

  /** Grey values mapped linearly from [low, high] to 0..255, as packed RGB. */
  public static int[] grey(float[] image, float low, float high) {
    int[] out = new int[image.length];
    float scale = high > low ? 255f / (high - low) : 0;
    for (int i = 0; i < image.length; i++) {
      int v = Math.round(Math.max(0, Math.min(255, (image[i] - low) * scale)));
      out[i] = v << 16 | v << 8 | v;
    }
    return out;
  }

  /** The 1st and 99th percentile of all values: a window that ignores a few extreme pixels. */
  public static float[] window(float[][] images) {
    int total = 0;
    for (float[] f : images) total += f.length;
    int step = Math.max(1, total / 20_000);
    float[] sample = new float[(total + step - 1) / step];
    int k = 0, i = 0;
    for (float[] f : images) {
      for (float v : f) if (i++ % step == 0 && k < sample.length) sample[k++] = v;
    }
    java.util.Arrays.sort(sample, 0, k);
    if (k == 0) return new float[] {0, 1};
    return new float[] {sample[(int) (0.01 * (k - 1))], sample[(int) (0.99 * (k - 1))]};
  }

  /** {@code base} (packed RGB) with the labels drawn over it; a new array. */
  public static int[] draw(int[] base, byte[] labels, int width, int height) {
    int[] out = base.clone();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = y * width + x, c = labels[i];
        if (c <= 0) continue;
        out[i] = edge(labels, width, height, x, y, c) ? LabelImages.colour(c) : blend(base[i], LabelImages.colour(c));
      }
    }
    return out;
  }

  private static boolean edge(byte[] labels, int w, int h, int x, int y, int c) {
    return x == 0 || y == 0 || x == w - 1 || y == h - 1 || labels[y * w + x - 1] != c || labels[y * w + x + 1] != c
        || labels[(y - 1) * w + x] != c || labels[(y + 1) * w + x] != c;
  }

  private static int blend(int a, int b) {
    int r = mix(a >> 16 & 255, b >> 16 & 255), g = mix(a >> 8 & 255, b >> 8 & 255), bl = mix(a & 255, b & 255);
    return r << 16 | g << 8 | bl;
  }

  private static int mix(int a, int b) {
    return (int) Math.round(a * (1 - FILL) + b * FILL);
  }
}
