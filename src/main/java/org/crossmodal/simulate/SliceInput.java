package org.crossmodal.simulate;

/**
 * One slice to image: T1 scaled to [0, 1], segmentation classes, derived acoustic tissues, all
 * w×h with square pixels of {@code pixelMm}.
 */
public record SliceInput(int width, int height, double pixelMm, float[] t1Unit, byte[] classes, byte[] tissues) {

  /** Scales T1 by its 99th percentile and derives tissues with {@code table}. */
  public static SliceInput of(float[] t1, byte[] classes, int w, int h, double pixelMm, TissueTable table) {
    float[] sorted = t1.clone();
    java.util.Arrays.sort(sorted);
    float p99 = Math.max(1e-6f, sorted[(int) (0.99 * (sorted.length - 1))]);
    float[] unit = new float[t1.length];
    for (int i = 0; i < t1.length; i++) unit[i] = Math.min(1.5f, Math.max(0, t1[i] / p99));
    return new SliceInput(w, h, pixelMm, unit, classes, table.tissues(unit, classes));
  }

  byte tissueAt(double xMm, double yMm) {
    int x = (int) Math.floor(xMm / pixelMm), y = (int) Math.floor(yMm / pixelMm);
    return x < 0 || y < 0 || x >= width || y >= height ? TissueTable.COUPLING : tissues[y * width + x];
  }

  byte classAt(double xMm, double yMm) {
    int x = (int) Math.floor(xMm / pixelMm), y = (int) Math.floor(yMm / pixelMm);
    return x < 0 || y < 0 || x >= width || y >= height ? 0 : classes[y * width + x];
  }

  float t1At(double xMm, double yMm) {
    int x = (int) Math.floor(xMm / pixelMm), y = (int) Math.floor(yMm / pixelMm);
    return x < 0 || y < 0 || x >= width || y >= height ? 0 : t1Unit[y * width + x];
  }
}
