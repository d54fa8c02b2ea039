package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Beams and display pixels agree for every probe geometry: a point on a beam maps back to that beam and depth. */
class ProbeGeometryTest {
  @ParameterizedTest
  @EnumSource(ProbePose.Geometry.class)
  void aPointOnABeamIsFoundAtThatBeamAndDepth(ProbePose.Geometry g) {
    ProbePose p = new ProbePose(90, 10, 0.3, 140, 2.5, 0, 60, g, Math.toRadians(70), g == ProbePose.Geometry.LINEAR ? 50 : 40);
    double[] origin = new double[2], dir = new double[2], m = new double[4];
    int n = 512;
    double pmm = ProbeView.pixelMm(p, n), ca = Math.cos(p.direction()), sa = Math.sin(p.direction());
    for (double f : new double[] {-0.4, -0.1, 0, 0.25, 0.45}) {
      ProbeView.beam(p, f, origin, dir);
      for (double depth : new double[] {5, 60, 130}) {
        double x = origin[0] + depth * dir[0], y = origin[1] + depth * dir[1];
        // Invert the display-to-slice map of ProbeView.map to find the display pixel of (x, y).
        double dx = x - p.x(), dy = y - p.y(), u = dx * ca - dy * sa, v = dx * sa + dy * ca;
        double i = u / pmm + n / 2.0 - 0.5, j = v / pmm - 0.5;
        assertTrue(ProbeView.map(p, n, i, j, 1, m), g + " f=" + f + " depth=" + depth);
        assertEquals(f + 0.5, m[0], 1e-9);
        assertEquals(depth, m[1], 1e-9);
        assertEquals(x, m[2], 1e-9);
        assertEquals(y, m[3], 1e-9);
      }
    }
  }

  @Test
  void anyProbeModelDrawsEveryGeometryAndTheTranscranialOneSectorsOnly() {
    SliceInput s = BModeSimulatorTest.uniform();
    Set<ProbePose.Geometry> any = EnumSet.noneOf(ProbePose.Geometry.class), transcranial = EnumSet.noneOf(ProbePose.Geometry.class);
    Random rnd = new Random(1);
    for (int k = 0; k < 60; k++) {
      any.add(PoseSampler.sample(s, rnd, ProbeModel.ANY).geometry());
      ProbePose t = PoseSampler.sample(s, rnd);
      transcranial.add(t.geometry());
      assertTrue(t.depthMm() >= 80 && t.depthMm() <= 160, "depth " + t.depthMm());
    }
    assertEquals(EnumSet.allOf(ProbePose.Geometry.class), any);
    assertEquals(EnumSet.of(ProbePose.Geometry.SECTOR), transcranial);
  }
}
