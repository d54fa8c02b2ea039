package org.crossmodal.data;

import java.io.IOException;

/**
 * A volume re-laid along an anatomical plane, from its own orientation: voxels are reordered (and
 * mirrored) so the volume's axes follow the plane's, then each slice is resampled to square pixels
 * of the finer in-plane size (intensities by area or linear interpolation, labels by the pixel under
 * each centre: {@link Resample}). Each voxel axis is taken along the patient axis it runs nearest
 * to, so slightly oblique acquisitions are laid out without interpolation; axes further than
 * {@link #OBLIQUE_LIMIT_DEGREES} from every patient axis are refused.
 */
public final class PlaneCut {
  public static final double OBLIQUE_LIMIT_DEGREES = 25;

  private PlaneCut() {}

  /** {@code values} (on {@code grid}, the image's grid) cut along {@code plane}; {@code labels}: class indices, never blended. */
  public static Volume cut(Volume values, PatientGrid grid, String source, AnatomicalPlane plane, boolean labels) throws IOException {
    int[] sourceAxis = new int[3];
    int[] seen = {-1, -1, -1};
    for (int a = 0; a < 3; a++) {
      int r = grid.nearestPatientAxis(a);
      if (grid.obliquityDegrees(a) > OBLIQUE_LIMIT_DEGREES || seen[r] >= 0) {
        throw new IOException(source + ": its voxel axes lie " + String.format("%.0f", grid.obliquityDegrees(a))
            + " degrees from the patient's axes (at most " + OBLIQUE_LIMIT_DEGREES + " are cut without resampling)");
      }
      seen[r] = a;
    }
    for (int t = 0; t < 3; t++) sourceAxis[t] = seen[plane.patientAxis(t)];
    Volume reordered = reorder(values, grid, sourceAxis);
    return squarePixels(reordered, labels);
  }

  /** Output axis t walks source axis {@code sourceAxis[t]}, in the direction of increasing R, A or S. */
  private static Volume reorder(Volume v, PatientGrid grid, int[] sourceAxis) {
    int[] n = {v.nx(), v.ny(), v.nz()};
    int[] stride = {1, v.nx(), v.nx() * v.ny()};
    // The grid's spacing, not the volume's: a label file without geometry carries its own calibration (or none).
    double[] spacing = {grid.spacing(0), grid.spacing(1), grid.spacing(2)};
    int[] size = new int[3], step = new int[3];
    int start = 0;
    for (int t = 0; t < 3; t++) {
      int a = sourceAxis[t];
      size[t] = n[a];
      boolean forward = grid.axis(a)[grid.nearestPatientAxis(a)] > 0;
      step[t] = forward ? stride[a] : -stride[a];
      if (!forward) start += (n[a] - 1) * stride[a];
    }
    float[] src = v.voxels(), out = new float[src.length];
    int i = 0;
    for (int z = 0; z < size[2]; z++) {
      for (int y = 0; y < size[1]; y++) {
        int at = start + z * step[2] + y * step[1];
        for (int x = 0; x < size[0]; x++, at += step[0]) out[i++] = src[at];
      }
    }
    return new Volume(size[0], size[1], size[2], spacing[sourceAxis[0]], spacing[sourceAxis[1]], spacing[sourceAxis[2]], out);
  }

  /** Each slice resampled to square pixels of the finer in-plane size (unchanged when already square). */
  static Volume squarePixels(Volume v, boolean labels) {
    double pixel = Math.min(v.sx(), v.sy());
    if (Math.abs(v.sx() - v.sy()) <= 1e-3 * pixel) return v;
    return resliced(v, pixel, (int) Math.max(1, Math.round(v.nx() * v.sx() / pixel)),
        (int) Math.max(1, Math.round(v.ny() * v.sy() / pixel)), labels);
  }

  /** Every slice resized to w×h pixels of {@code pixel} mm. */
  public static Volume resliced(Volume v, double pixel, int w, int h, boolean labels) {
    float[] out = new float[w * h * v.nz()];
    for (int z = 0; z < v.nz(); z++) {
      float[] slice = labels ? labelSlice(v.axial(z), v.nx(), v.ny(), w, h) : Resample.image(v.axial(z), v.nx(), v.ny(), w, h);
      System.arraycopy(slice, 0, out, z * w * h, w * h);
    }
    return new Volume(w, h, v.nz(), pixel, pixel, v.sz(), out);
  }

  private static float[] labelSlice(float[] slice, int sw, int sh, int w, int h) {
    byte[] b = new byte[slice.length];
    for (int i = 0; i < b.length; i++) b[i] = (byte) slice[i];
    byte[] r = Resample.labels(b, sw, sh, w, h);
    float[] out = new float[r.length];
    for (int i = 0; i < r.length; i++) out[i] = r[i];
    return out;
  }
}
