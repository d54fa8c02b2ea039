package org.crossmodal.data;

import java.io.IOException;

/**
 * Brings a label or mask volume onto an image's voxel grid, matching voxels by their position in
 * the patient (nearest neighbour), so either file may store its axes in another order or direction.
 * Volumes that cover another region or have other voxel sizes are refused, naming both files: this
 * reorders voxels, it does not register or rescale them. Only when asked ({@code resample}) is a
 * label map of another voxel size (an atlas drawn at 2 mm, on a 1 mm image) taken by nearest
 * neighbour at the image's voxel centres; its region must still match to within one of its voxels.
 */
public final class GridMatch {
  /** Largest relative difference of voxel size along any patient axis. */
  public static final double SPACING_TOLERANCE = 0.01;
  /** Largest shift of the covered region's bounds, as a share of the image's voxel size. */
  public static final double EXTENT_TOLERANCE_VOXELS = 0.5;

  private GridMatch() {}

  public static Volume onto(OrientedVolume moving, OrientedVolume image) throws IOException {
    return onto(moving, image, false);
  }

  /**
   * As {@link #onto(OrientedVolume, OrientedVolume)}; with {@code resample}, another voxel size is
   * accepted and sampled by nearest neighbour, and the covered regions may differ by up to one voxel
   * of the coarser grid (a 2 mm atlas's voxel centres sit 1 mm off a 1 mm grid's). Meant for label
   * maps: nearest neighbour keeps label values, it does not interpolate them.
   */
  public static Volume onto(OrientedVolume moving, OrientedVolume image, boolean resample) throws IOException {
    Volume m = moving.volume(), t = image.volume();
    boolean sameDims = m.nx() == t.nx() && m.ny() == t.ny() && m.nz() == t.nz();
    if (moving.grid() == null || image.grid() == null) {
      // A file without geometry can only be taken voxel for voxel.
      if (sameDims) return m;
      throw mismatch(moving, image, "it has no patient geometry and " + dims(m) + " voxels against the image's " + dims(t));
    }
    double tolerance = 1e-3 * minSpacing(image.grid());
    if (sameDims && moving.grid().sameAs(image.grid(), tolerance)) return m;
    if (!resample) checkSpacing(moving, image);
    double extentTolerance = EXTENT_TOLERANCE_VOXELS * maxSpacing(image.grid());
    if (resample) extentTolerance = Math.max(extentTolerance, Math.max(maxSpacing(moving.grid()), maxSpacing(image.grid())));
    checkExtent(moving, image, extentTolerance);
    return resample(m, moving.grid().inverse(), t, image.grid());
  }

  private static void checkSpacing(OrientedVolume moving, OrientedVolume image) throws IOException {
    double[] ms = spacingAlongPatientAxes(moving.grid()), ts = spacingAlongPatientAxes(image.grid());
    for (int r = 0; r < 3; r++) {
      if (Math.abs(ms[r] - ts[r]) > SPACING_TOLERANCE * ts[r]) {
        throw mismatch(moving, image, String.format("voxel size %.3f mm along %s against the image's %.3f mm", ms[r], "RAS".charAt(r), ts[r]));
      }
    }
  }

  private static void checkExtent(OrientedVolume moving, OrientedVolume image, double tolerance) throws IOException {
    double[][] mb = bounds(moving.volume(), moving.grid()), tb = bounds(image.volume(), image.grid());
    for (int r = 0; r < 3; r++) {
      if (Math.abs(mb[0][r] - tb[0][r]) > tolerance || Math.abs(mb[1][r] - tb[1][r]) > tolerance) {
        throw mismatch(moving, image, String.format("it covers %.1f to %.1f mm along %s, the image %.1f to %.1f mm",
            mb[0][r], mb[1][r], "RAS".charAt(r), tb[0][r], tb[1][r]));
      }
    }
  }

  private static Volume resample(Volume m, PatientGrid toMoving, Volume t, PatientGrid image) {
    float[] out = new float[t.voxels().length];
    int i = 0;
    for (int z = 0; z < t.nz(); z++) {
      for (int y = 0; y < t.ny(); y++) {
        for (int x = 0; x < t.nx(); x++, i++) {
          double[] p = image.point(x, y, z);
          double[] q = toMoving.point(p[0], p[1], p[2]);
          out[i] = m.get(clamp(q[0], m.nx()), clamp(q[1], m.ny()), clamp(q[2], m.nz()));
        }
      }
    }
    return new Volume(t.nx(), t.ny(), t.nz(), t.sx(), t.sy(), t.sz(), out);
  }

  private static int clamp(double v, int n) {
    return (int) Math.max(0, Math.min(n - 1, Math.round(v)));
  }

  /** The voxel size along R, A and S: that of the voxel axis running nearest to each. */
  private static double[] spacingAlongPatientAxes(PatientGrid g) {
    double[] s = new double[3];
    for (int a = 0; a < 3; a++) s[g.nearestPatientAxis(a)] = g.spacing(a);
    return s;
  }

  /** Lowest and highest RAS coordinate of the volume's voxel centres. */
  private static double[][] bounds(Volume v, PatientGrid g) {
    double[][] b = {{Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE}, {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE}};
    for (int c = 0; c < 8; c++) {
      double[] p = g.point((c & 1) * (v.nx() - 1), ((c >> 1) & 1) * (v.ny() - 1), ((c >> 2) & 1) * (v.nz() - 1));
      for (int r = 0; r < 3; r++) {
        b[0][r] = Math.min(b[0][r], p[r]);
        b[1][r] = Math.max(b[1][r], p[r]);
      }
    }
    return b;
  }

  private static double minSpacing(PatientGrid g) {
    return Math.min(g.spacing(0), Math.min(g.spacing(1), g.spacing(2)));
  }

  private static double maxSpacing(PatientGrid g) {
    return Math.max(g.spacing(0), Math.max(g.spacing(1), g.spacing(2)));
  }

  private static String dims(Volume v) {
    return v.nx() + "x" + v.ny() + "x" + v.nz();
  }

  private static IOException mismatch(OrientedVolume moving, OrientedVolume image, String why) {
    return new IOException(moving.source() + " does not lie on the voxel grid of " + image.source() + ": " + why);
  }
}
