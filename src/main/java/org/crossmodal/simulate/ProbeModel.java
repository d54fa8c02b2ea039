package org.crossmodal.simulate;

import java.util.Random;

/**
 * The range of probes and settings that poses are drawn from: shares of phased-array sector,
 * curvilinear and linear probes (the rest), opening and face sizes, imaging depth as a multiple of
 * the distance to the far side of the head, how far the aim strays from the head's centre, and the
 * centre frequency, gain and dynamic range.
 */
public record ProbeModel(double sectorShare, double curvedShare, double minOpeningDeg, double maxOpeningDeg,
    double minLinearWidthMm, double maxLinearWidthMm, double minCurvedRadiusMm, double maxCurvedRadiusMm, double minDepthFactor,
    double maxDepthFactor, double minDepthMm, double maxDepthMm, double aimSdDeg, double minFrequencyMhz, double maxFrequencyMhz,
    double gainDb, double minDynamicRangeDb, double maxDynamicRangeDb) {

  /** A transcranial phased-array exam: the simulator's frames (sector 60–80°, 80–160 mm, 2–3.5 MHz). */
  public static final ProbeModel TRANSCRANIAL = new ProbeModel(1, 0, 60, 80, 0, 0, 0, 0, 1.4, 1.9, 80, 160, 8, 2.0, 3.5, 3, 50, 65);

  /**
   * Every probe a network may meet, for training views: sectors of 45–100°, curvilinear arcs of
   * 20–60 mm radius, linear arrays 30–60 mm wide; depth from 0.8 to 2 times the head's far side;
   * the aim up to ±20° (one standard deviation) off the centre.
   */
  public static final ProbeModel ANY = new ProbeModel(0.6, 0.25, 45, 100, 30, 60, 20, 60, 0.8, 2.0, 40, 160, 20, 1.5, 7, 6, 35, 75);

  /** The held-out check's probe: curvilinear, 50–70° of a 40–60 mm arc, 3.5–5 MHz, otherwise as {@link #TRANSCRANIAL}. */
  public static final ProbeModel HELD_OUT = new ProbeModel(0, 1, 50, 70, 0, 0, 40, 60, 1.4, 1.9, 80, 160, 8, 3.5, 5, 3, 50, 65);

  double uniform(Random rnd, double lo, double hi) {
    return lo + (hi - lo) * rnd.nextDouble();
  }

  ProbePose.Geometry geometry(Random rnd) {
    if (sectorShare >= 1) return ProbePose.Geometry.SECTOR; // draws nothing: a sector-only model keeps its poses
    double u = rnd.nextDouble();
    return u < sectorShare ? ProbePose.Geometry.SECTOR : u < sectorShare + curvedShare ? ProbePose.Geometry.CURVED
        : ProbePose.Geometry.LINEAR;
  }
}
