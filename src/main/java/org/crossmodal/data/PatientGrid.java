package org.crossmodal.data;

/**
 * Where the voxels of a volume lie in the patient: the 3×4 matrix (row-major) taking voxel indices
 * (i, j, k) to millimetres in RAS+ (x towards the patient's right, y anterior, z superior), as NIfTI
 * states it; DICOM's LPS positions are converted when read.
 */
public record PatientGrid(double[] matrix) {
  public PatientGrid {
    if (matrix.length != 12) throw new IllegalArgumentException("a patient grid needs 12 numbers, got " + matrix.length);
  }

  /** The grid of voxel axes {@code axes} (three vectors of mm per voxel step) starting at {@code origin}. */
  public static PatientGrid of(double[][] axes, double[] origin) {
    double[] m = new double[12];
    for (int r = 0; r < 3; r++) {
      for (int a = 0; a < 3; a++) m[r * 4 + a] = axes[a][r];
      m[r * 4 + 3] = origin[r];
    }
    return new PatientGrid(m);
  }

  /** The mm step of one voxel along voxel axis {@code a}. */
  public double[] axis(int a) {
    return new double[] {matrix[a], matrix[4 + a], matrix[8 + a]};
  }

  public double spacing(int a) {
    double[] v = axis(a);
    return Math.sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  }

  public double[] point(double i, double j, double k) {
    double[] p = new double[3];
    for (int r = 0; r < 3; r++) p[r] = matrix[r * 4] * i + matrix[r * 4 + 1] * j + matrix[r * 4 + 2] * k + matrix[r * 4 + 3];
    return p;
  }

  /** The grid taking mm back to voxel indices. */
  public PatientGrid inverse() {
    double[] m = matrix;
    double a = m[0], b = m[1], c = m[2], d = m[4], e = m[5], f = m[6], g = m[8], h = m[9], i = m[10];
    double det = a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    if (Math.abs(det) < 1e-12) throw new IllegalArgumentException("degenerate voxel grid (its axes are not independent)");
    double[][] inv = {
        {(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det},
        {(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det},
        {(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det}};
    double[] out = new double[12];
    for (int r = 0; r < 3; r++) {
      out[r * 4] = inv[r][0];
      out[r * 4 + 1] = inv[r][1];
      out[r * 4 + 2] = inv[r][2];
      out[r * 4 + 3] = -(inv[r][0] * m[3] + inv[r][1] * m[7] + inv[r][2] * m[11]);
    }
    return new PatientGrid(out);
  }

  /** The patient axis (0 = R, 1 = A, 2 = S) that voxel axis {@code a} runs most nearly along. */
  public int nearestPatientAxis(int a) {
    double[] v = axis(a);
    int best = 0;
    for (int r = 1; r < 3; r++) if (Math.abs(v[r]) > Math.abs(v[best])) best = r;
    return best;
  }

  /** Angle in degrees between voxel axis {@code a} and its nearest patient axis. */
  public double obliquityDegrees(int a) {
    return Math.toDegrees(Math.acos(Math.min(1, Math.abs(axis(a)[nearestPatientAxis(a)]) / spacing(a))));
  }

  public boolean sameAs(PatientGrid o, double toleranceMm) {
    for (int i = 0; i < 12; i++) if (Math.abs(matrix[i] - o.matrix[i]) > toleranceMm) return false;
    return true;
  }
}
