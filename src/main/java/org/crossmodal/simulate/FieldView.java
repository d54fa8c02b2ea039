package org.crossmodal.simulate;

import org.crossmodal.data.SliceGeometry;

/**
 * A probe's view of a slice rendered straight into the network's square input: the frame the probe
 * would display ({@code frameSize} pixels over its display extent, apex at the top centre) placed
 * at the network's field of view as {@link SliceGeometry#toField} places real frames, and sampled at
 * the centre of every network pixel. Per pixel inside the imaging area: the MRI intensity (T1 scaled
 * to [0, 1.5]), the class, and where the pixel lies in beam coordinates (line position across the
 * aperture in [0, 1], depth in mm) for an appearance to be drawn in the probe's own geometry.
 */
public record FieldView(int size, float[] t1, byte[] labels, boolean[] sector, float[] line, float[] depth) {

  /**
   * {@code scale}: the frame's pixels taken as {@code scale} times their nominal size, so the anatomy
   * reaches the network {@code 1/scale} times as large (a calibration or a head of another size).
   */
  public static FieldView render(SliceInput s, ProbePose p, int frameSize, int size, double fieldOfViewMm, double scale) {
    double pmm = ProbeView.pixelMm(p, frameSize);
    int side = SliceGeometry.side(frameSize, frameSize, pmm, fieldOfViewMm);
    int offset = (side - frameSize) / 2;
    float[] t1 = new float[size * size], line = new float[size * size], depth = new float[size * size];
    byte[] labels = new byte[size * size];
    boolean[] sector = new boolean[size * size];
    double[] m = new double[4];
    for (int y = 0; y < size; y++) {
      double j = (y + 0.5) * side / size - 0.5 - offset;
      for (int x = 0; x < size; x++) {
        double i = (x + 0.5) * side / size - 0.5 - offset;
        if (!ProbeView.map(p, frameSize, i, j, scale, m)) continue;
        int k = y * size + x;
        sector[k] = true;
        line[k] = (float) m[0];
        depth[k] = (float) m[1];
        t1[k] = s.t1At(m[2], m[3]);
        labels[k] = s.classAt(m[2], m[3]);
      }
    }
    return new FieldView(size, t1, labels, sector, line, depth);
  }
}
