package org.crossmodal.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.data.Volume;

/**
 * Where each pixel of a displayed ultrasound frame lies in the slice: apex at the top centre, depth
 * downwards, {@link BModeSimulator#DISPLAY_DEPTH_MM} over the frame's height. The simulator samples
 * echoes and truth through it; the student uses it to show labelled MRI in the probe's geometry
 * (MRI intensities and labels reformatted into a sector, no acoustics), so the ultrasound geometry
 * is known to the network without any ultrasound label.
 */
public final class ProbeView {
  /** A frame's worth of the slice: MRI intensity (T1 scaled to [0, 1.5]), labels and the imaging sector. */
  public record View(int size, float[] t1, byte[] labels, boolean[] sector, double pixelMm) {}

  private ProbeView() {}

  public static double pixelMm(ProbePose p, int n) {
    double extent = p.geometry() == ProbePose.Geometry.LINEAR ? Math.max(BModeSimulator.DISPLAY_DEPTH_MM, p.widthMm())
        : BModeSimulator.DISPLAY_DEPTH_MM;
    return extent / n;
  }

  /**
   * Maps display pixel (i, j) of an n×n frame to beam coordinates: {@code out[0]} line position in
   * [0, 1] across the aperture, {@code out[1]} depth in mm, {@code out[2..3]} the point in the slice
   * (mm). Returns false outside the imaging area.
   */
  static boolean map(ProbePose p, int n, int i, int j, double[] out) {
    return map(p, n, i, j, 1, out);
  }

  /**
   * The same at fractional pixel positions, with the frame's pixels {@code scale} times their nominal
   * size (a probe calibrated {@code scale} times too fine shows anatomy that much larger).
   */
  static boolean map(ProbePose p, int n, double i, double j, double scale, double[] out) {
    double pmm = pixelMm(p, n) * scale;
    double u = (i - n / 2.0 + 0.5) * pmm, v = (j + 0.5) * pmm;
    switch (p.geometry()) {
      case SECTOR -> {
        double r = Math.hypot(u, v), th = Math.atan2(u, v);
        if (Math.abs(th) > p.widthRadians() / 2 || r >= p.depthMm()) return false;
        out[0] = th / p.widthRadians() + 0.5;
        out[1] = r;
      }
      case CURVED -> {
        // The arc's centre lies widthMm (its radius) behind the face, above the frame's top.
        double r = Math.hypot(u, v + p.widthMm()) - p.widthMm(), th = Math.atan2(u, v + p.widthMm());
        if (Math.abs(th) > p.widthRadians() / 2 || r < 0 || r >= p.depthMm()) return false;
        out[0] = th / p.widthRadians() + 0.5;
        out[1] = r;
      }
      case LINEAR -> {
        if (Math.abs(u) > p.widthMm() / 2 || v >= p.depthMm()) return false;
        out[0] = u / p.widthMm() + 0.5;
        out[1] = v;
      }
    }
    // The same physical point in the slice: face centre + u·(cos a, −sin a) + v·(sin a, cos a).
    double ca = Math.cos(p.direction()), sa = Math.sin(p.direction());
    out[2] = p.x() + u * ca + v * sa;
    out[3] = p.y() - u * sa + v * ca;
    return true;
  }

  /** Origin and unit direction in the slice of the beam at {@code f} ∈ [−½, ½] across the aperture. */
  static void beam(ProbePose p, double f, double[] origin, double[] dir) {
    double a = p.geometry() == ProbePose.Geometry.LINEAR ? p.direction() : p.direction() + f * p.widthRadians();
    dir[0] = Math.sin(a);
    dir[1] = Math.cos(a);
    switch (p.geometry()) {
      case SECTOR -> {
        origin[0] = p.x();
        origin[1] = p.y();
      }
      case CURVED -> {
        double r = p.widthMm();
        origin[0] = p.x() - r * Math.sin(p.direction()) + r * dir[0];
        origin[1] = p.y() - r * Math.cos(p.direction()) + r * dir[1];
      }
      case LINEAR -> {
        origin[0] = p.x() + f * p.widthMm() * Math.cos(p.direction());
        origin[1] = p.y() - f * p.widthMm() * Math.sin(p.direction());
      }
    }
  }

  /** Distance in mm between neighbouring beams at depth {@code r}, for {@code lines} beams. */
  static double beamSpacing(ProbePose p, double r, int lines) {
    return switch (p.geometry()) {
      case SECTOR -> r * p.widthRadians() / (lines - 1);
      case CURVED -> (p.widthMm() + r) * p.widthRadians() / (lines - 1);
      case LINEAR -> p.widthMm() / (lines - 1);
    };
  }

  public static View reformat(SliceInput s, ProbePose p, int n) {
    float[] t1 = new float[n * n];
    byte[] labels = new byte[n * n];
    boolean[] sector = new boolean[n * n];
    double[] m = new double[4];
    for (int j = 0; j < n; j++) {
      for (int i = 0; i < n; i++) {
        if (!map(p, n, i, j, m)) continue;
        int k = j * n + i;
        sector[k] = true;
        t1[k] = s.t1At(m[2], m[3]);
        labels[k] = s.classAt(m[2], m[3]);
      }
    }
    return new View(n, t1, labels, sector, pixelMm(p, n));
  }

  /** {@code perSlice} views of each slice from poses drawn as the simulator draws them, seeded. */
  public static List<View> sample(Volume t1, Volume classes, List<Integer> slices, int perSlice, int n, long seed,
      TissueTable table) {
    Random rnd = new Random(seed);
    List<View> out = new ArrayList<>();
    for (int z : slices) {
      float[] img = AxialSlices.displaySlice(t1, z);
      float[] c = AxialSlices.displaySlice(classes, z);
      byte[] cls = new byte[c.length];
      for (int i = 0; i < c.length; i++) cls[i] = (byte) c[i];
      SliceInput s = SliceInput.of(img, cls, t1.nx(), t1.ny(), t1.sx(), table);
      for (int k = 0; k < perSlice; k++) out.add(reformat(s, PoseSampler.sample(s, rnd), n));
    }
    return out;
  }
}
