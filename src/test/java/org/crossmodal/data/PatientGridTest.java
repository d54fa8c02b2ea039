package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The voxel-to-patient matrix on grids whose points, inverses and angles are worked out by hand. */
class PatientGridTest {
  /** Voxel axes of 2, 3 and 4 mm along R, A and S, voxel (0,0,0) at (10, 20, 30) mm. */
  static final PatientGrid DIAGONAL = PatientGrid.of(new double[][] {{2, 0, 0}, {0, 3, 0}, {0, 0, 4}}, new double[] {10, 20, 30});

  @Test
  void ofLaysTheAxesOutAsColumnsAndTheOriginAsTheLastColumn() {
    assertArrayEquals(new double[] {2, 0, 0, 10, 0, 3, 0, 20, 0, 0, 4, 30}, DIAGONAL.matrix());
    PatientGrid g = PatientGrid.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, new double[] {-1, -2, -3});
    assertArrayEquals(new double[] {1, 4, 7, -1, 2, 5, 8, -2, 3, 6, 9, -3}, g.matrix());
    assertArrayEquals(new double[] {4, 5, 6}, g.axis(1));
    assertArrayEquals(new double[] {7, 8, 9}, g.axis(2));
    assertThrows(IllegalArgumentException.class, () -> new PatientGrid(new double[11]));
  }

  @Test
  void pointsAndSpacing() {
    assertArrayEquals(new double[] {10, 20, 30}, DIAGONAL.point(0, 0, 0), 1e-12);
    assertArrayEquals(new double[] {12, 26, 42}, DIAGONAL.point(1, 2, 3), 1e-12);
    assertEquals(2, DIAGONAL.spacing(0), 1e-12);
    assertEquals(3, DIAGONAL.spacing(1), 1e-12);
    assertEquals(4, DIAGONAL.spacing(2), 1e-12);
    // An axis of (3, 4, 0) mm per step is 5 mm long; (1, 2, 2) is 3 mm.
    PatientGrid g = PatientGrid.of(new double[][] {{3, 4, 0}, {0, 0, 1}, {1, 2, 2}}, new double[] {1, 1, 1});
    assertEquals(5, g.spacing(0), 1e-12);
    assertEquals(3, g.spacing(2), 1e-12);
    // (1,1,1) + 2·(3,4,0) + 1·(0,0,1) + 1·(1,2,2) = (8, 11, 4)
    assertArrayEquals(new double[] {8, 11, 4}, g.point(2, 1, 1), 1e-12);
  }

  @Test
  void theInverseTakesMillimetresBackToVoxelIndices() {
    PatientGrid inv = DIAGONAL.inverse();
    assertArrayEquals(new double[] {1, 2, 3}, inv.point(12, 26, 42), 1e-12);
    assertArrayEquals(new double[] {0, 0, 0}, inv.point(10, 20, 30), 1e-12);
    // Axes permuted and mirrored: i runs towards S, j towards left (−R), k towards A; origin (5, 6, 7).
    PatientGrid p = PatientGrid.of(new double[][] {{0, 0, 2}, {-1, 0, 0}, {0, 3, 0}}, new double[] {5, 6, 7});
    assertArrayEquals(new double[] {3, 12, 11}, p.point(2, 2, 2), 1e-12);
    assertArrayEquals(new double[] {2, 2, 2}, p.inverse().point(3, 12, 11), 1e-12);
    // Every entry of a full matrix matters: a sheared grid, checked on three points.
    PatientGrid s = PatientGrid.of(new double[][] {{1, 0.5, 0.25}, {0.2, 2, 0.1}, {0.3, 0.4, 3}}, new double[] {-4, 9, 2});
    PatientGrid si = s.inverse();
    for (double[] ijk : new double[][] {{1, 0, 0}, {0, 1, 0}, {2, -3, 5}}) {
      double[] mm = s.point(ijk[0], ijk[1], ijk[2]);
      assertArrayEquals(ijk, si.point(mm[0], mm[1], mm[2]), 1e-9);
    }
    PatientGrid flat = PatientGrid.of(new double[][] {{1, 0, 0}, {2, 0, 0}, {0, 0, 1}}, new double[3]);
    assertThrows(IllegalArgumentException.class, flat::inverse);
  }

  @Test
  void nearestAxisAndObliquity() {
    double c = Math.cos(Math.toRadians(30)), s = Math.sin(Math.toRadians(30));
    // Axis 0 tilted 30° from R towards A; axis 1 30° from A towards −R (its largest part is A); axis 2 along −S.
    PatientGrid g = PatientGrid.of(new double[][] {{c, s, 0}, {-s, c, 0}, {0, 0, -2}}, new double[3]);
    assertEquals(0, g.nearestPatientAxis(0));
    assertEquals(1, g.nearestPatientAxis(1));
    assertEquals(2, g.nearestPatientAxis(2));
    assertEquals(30, g.obliquityDegrees(0), 1e-9);
    assertEquals(30, g.obliquityDegrees(1), 1e-9);
    assertEquals(0, g.obliquityDegrees(2), 1e-9);
    // Past 45° the nearest axis changes: (0.2, 0.9, −0.3) runs nearest to A, (0.1, −0.2, 0.95) to S.
    PatientGrid h = PatientGrid.of(new double[][] {{0.2, 0.9, -0.3}, {0.1, -0.2, 0.95}, {-0.7, 0.1, 0.1}}, new double[3]);
    assertEquals(1, h.nearestPatientAxis(0));
    assertEquals(2, h.nearestPatientAxis(1));
    assertEquals(0, h.nearestPatientAxis(2));
    // A tie goes to the first patient axis: (1, 1, 0) counts as R, (0, −1, 1) as A.
    PatientGrid tie = PatientGrid.of(new double[][] {{1, 1, 0}, {0, -1, 1}, {1, 0, 1}}, new double[3]);
    assertEquals(0, tie.nearestPatientAxis(0));
    assertEquals(1, tie.nearestPatientAxis(1));
    assertEquals(0, tie.nearestPatientAxis(2));
    assertEquals(45, tie.obliquityDegrees(0), 1e-9);
  }

  @Test
  void sameAsComparesEveryNumberWithinTheTolerance() {
    double[] m = DIAGONAL.matrix().clone();
    assertTrue(DIAGONAL.sameAs(new PatientGrid(m.clone()), 0));
    for (int i = 0; i < 12; i++) {
      double[] moved = m.clone();
      moved[i] += 0.01;
      assertTrue(DIAGONAL.sameAs(new PatientGrid(moved), 0.011), "entry " + i + " within tolerance");
      assertFalse(DIAGONAL.sameAs(new PatientGrid(moved), 0.009), "entry " + i + " beyond tolerance");
    }
  }
}
