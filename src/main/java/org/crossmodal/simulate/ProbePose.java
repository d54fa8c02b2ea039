package org.crossmodal.simulate;

/**
 * Where the probe sits and how it is set: position of its face's centre (mm, in the slice), beam
 * direction (radians, 0 = +y), imaging depth (mm), centre frequency (MHz), gain and dynamic range
 * (dB), and geometry: a phased-array {@code SECTOR} of {@code widthRadians} from an apex at the
 * face, a {@code LINEAR} array {@code widthMm} wide, or a {@code CURVED} (curvilinear) array whose
 * face is an arc of radius {@code widthMm} spanning {@code widthRadians}.
 */
public record ProbePose(double x, double y, double direction, double depthMm, double frequencyMhz, double gainDb,
    double dynamicRangeDb, Geometry geometry, double widthRadians, double widthMm) {

  public enum Geometry { SECTOR, LINEAR, CURVED }
}
