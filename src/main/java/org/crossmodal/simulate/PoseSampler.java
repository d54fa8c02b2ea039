package org.crossmodal.simulate;

import java.util.Random;

/**
 * Draws probe poses from a seeded distribution: the probe sits on the head surface at a random
 * position around it, aims at the head's centre (±8°), with depth, frequency, gain and dynamic
 * range drawn from ranges a transcranial phased-array exam would use.
 */
public final class PoseSampler {
  private PoseSampler() {}

  public static ProbePose sample(SliceInput s, Random rnd) {
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
    double aim = Math.atan2(cx - px, cy - py) + Math.toRadians(8) * rnd.nextGaussian();
    double depth = Math.min(160, Math.max(80, (far + 2) * (1.4 + 0.5 * rnd.nextDouble())));
    return new ProbePose(px, py, aim, depth, 2.0 + 1.5 * rnd.nextDouble(), -3 + 6 * rnd.nextDouble(),
        50 + 15 * rnd.nextDouble(), ProbePose.Geometry.SECTOR, Math.toRadians(60 + 20 * rnd.nextDouble()), 0);
  }
}
