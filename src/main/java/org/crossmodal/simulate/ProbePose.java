package org.crossmodal.simulate;

/**
 * Where the probe sits and how it is set: apex position (mm, in the slice), beam direction (radians,
 * 0 = +y), imaging depth (mm), centre frequency (MHz), gain and dynamic range (dB), and geometry:
 * a sector of {@code widthRadians} or a linear array {@code widthMm} wide.
 */
public record ProbePose(double x, double y, double direction, double depthMm, double frequencyMhz, double gainDb,
    double dynamicRangeDb, Geometry geometry, double widthRadians, double widthMm) {

  public enum Geometry { SECTOR, LINEAR }
}
