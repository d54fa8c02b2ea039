package org.crossmodal.simulate;

import java.util.Random;

/**
 * Draws probe poses from a seeded distribution: the probe sits on the head surface at a random
 * position around it and aims at the head's centre (give or take the model's aim spread), with
 * geometry, depth, frequency, gain and dynamic range drawn from a {@link ProbeModel}.
 */
public final class PoseSampler {
  private PoseSampler() {}

  /** A transcranial phased-array pose, as the simulator's frames are made. */
  public static ProbePose sample(SliceInput s, Random rnd) {
    return sample(s, rnd, ProbeModel.TRANSCRANIAL);
  }

  public static ProbePose sample(SliceInput s, Random rnd, ProbeModel m) {
    double cx = 0, cy = 0;
    int n = 0;
    for (int y = 0; y < s.height(); y++) {
      for (int x = 0; x < s.width(); x++) {
        if (s.tissues()[y * s.width() + x] != TissueTable.COUPLING) {
          cx += x;
          cy += y;
          n++;
        }
      }
    }
    if (n == 0) throw new IllegalArgumentException("the slice contains no head to image");
    cx = (cx / n + 0.5) * s.pixelMm();
    cy = (cy / n + 0.5) * s.pixelMm();
    double phi = rnd.nextDouble() * 2 * Math.PI;
    double ux = Math.sin(phi), uy = Math.cos(phi);
    double r = 0, far = 0;
    double limit = Math.hypot(s.width(), s.height()) * s.pixelMm();
    for (; r < limit; r += s.pixelMm() / 2) {
      if (s.tissueAt(cx + r * ux, cy + r * uy) != TissueTable.COUPLING) far = r;
    }
    double px = cx + (far + 2) * ux, py = cy + (far + 2) * uy;
    double aim = Math.atan2(cx - px, cy - py) + Math.toRadians(m.aimSdDeg()) * rnd.nextGaussian();
    double depth = Math.min(m.maxDepthMm(), Math.max(m.minDepthMm(), (far + 2) * m.uniform(rnd, m.minDepthFactor(), m.maxDepthFactor())));
    double frequency = m.uniform(rnd, m.minFrequencyMhz(), m.maxFrequencyMhz());
    double gain = m.uniform(rnd, -m.gainDb(), m.gainDb()), range = m.uniform(rnd, m.minDynamicRangeDb(), m.maxDynamicRangeDb());
    ProbePose.Geometry g = m.geometry(rnd);
    double opening = Math.toRadians(m.uniform(rnd, m.minOpeningDeg(), m.maxOpeningDeg()));
    double width = switch (g) {
      case SECTOR -> 0;
      case LINEAR -> m.uniform(rnd, m.minLinearWidthMm(), m.maxLinearWidthMm());
      case CURVED -> m.uniform(rnd, m.minCurvedRadiusMm(), m.maxCurvedRadiusMm());
    };
    return new ProbePose(px, py, aim, depth, frequency, gain, range, g, g == ProbePose.Geometry.LINEAR ? 0 : opening, width);
  }
}
