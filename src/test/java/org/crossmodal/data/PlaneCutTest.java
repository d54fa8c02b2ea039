package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Cuts of a 2×3×4 volume whose voxel values are their own index, on grids whose voxel axes run
 * along, against or across the patient's axes: each expected layout is written out by hand.
 */
class PlaneCutTest {
  static final int NX = 2, NY = 3, NZ = 4;

  static Volume indexed(double sx, double sy, double sz) {
    float[] v = new float[NX * NY * NZ];
    for (int i = 0; i < v.length; i++) v[i] = i;
    return new Volume(NX, NY, NZ, sx, sy, sz, v);
  }

  static PatientGrid grid(double[][] axes) {
    return PatientGrid.of(axes, new double[] {7, -3, 11});
  }

  static final PatientGrid RAS = grid(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}});

  @Test
  void axialOfAnRasVolumeIsTheVolumeItself() throws IOException {
    Volume v = indexed(1, 1, 1);
    Volume out = PlaneCut.cut(v, RAS, "v.nii", AnatomicalPlane.AXIAL, false);
    assertArrayEquals(v.voxels(), out.voxels());
    assertEquals(NX, out.nx());
    assertEquals(NY, out.ny());
    assertEquals(NZ, out.nz());
  }

  @Test
  void coronalAndSagittalReorderTheAxes() throws IOException {
    Volume v = indexed(1, 1, 1);
    Volume c = PlaneCut.cut(v, RAS, "v.nii", AnatomicalPlane.CORONAL, true);
    // Coronal: columns R (x), rows S (z), slices A (y).
    assertEquals(NX, c.nx());
    assertEquals(NZ, c.ny());
    assertEquals(NY, c.nz());
    Volume s = PlaneCut.cut(v, RAS, "v.nii", AnatomicalPlane.SAGITTAL, true);
    // Sagittal: columns A (y), rows S (z), slices R (x).
    assertEquals(NY, s.nx());
    assertEquals(NZ, s.ny());
    assertEquals(NX, s.nz());
    for (int z = 0; z < NZ; z++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) {
          assertEquals(v.get(x, y, z), c.get(x, z, y), "coronal " + x + "," + y + "," + z);
          assertEquals(v.get(x, y, z), s.get(y, z, x), "sagittal " + x + "," + y + "," + z);
        }
      }
    }
  }

  @Test
  void axesRunningAgainstThePatientAreMirroredAndPermutedAxesReordered() throws IOException {
    // Voxel axis 0 runs towards the left (−R), axis 1 towards inferior (−S), axis 2 towards anterior.
    PatientGrid g = grid(new double[][] {{-1, 0, 0}, {0, 0, -1}, {0, 1, 0}});
    Volume v = indexed(1, 1, 1);
    Volume a = PlaneCut.cut(v, g, "v.nii", AnatomicalPlane.AXIAL, false);
    // Axial: columns along +R (source x mirrored), rows along +A (source z), slices along +S (source y mirrored).
    assertEquals(NX, a.nx());
    assertEquals(NZ, a.ny());
    assertEquals(NY, a.nz());
    for (int z = 0; z < NZ; z++) {
      for (int y = 0; y < NY; y++) {
        for (int x = 0; x < NX; x++) assertEquals(v.get(x, y, z), a.get(NX - 1 - x, z, NY - 1 - y), x + "," + y + "," + z);
      }
    }
    // The first voxel of the cut is the source voxel at (NX−1, NY−1, 0): its index.
    assertEquals((NY - 1) * NX + NX - 1, a.voxels()[0]);
  }

  @Test
  void spacingFollowsTheGridAndNotTheVolume() throws IOException {
    // The volume claims 9 mm voxels (a TIFF's calibration); the grid says 0.5, 0.5 and 2 mm.
    PatientGrid g = grid(new double[][] {{0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 2}});
    Volume out = PlaneCut.cut(indexed(9, 9, 9), g, "v.nii", AnatomicalPlane.AXIAL, false);
    assertEquals(0.5, out.sx(), 1e-12);
    assertEquals(0.5, out.sy(), 1e-12);
    assertEquals(2, out.sz(), 1e-12);
    // Sagittal: columns A (0.5), rows S (2 mm: resampled to 0.5 mm, four times the rows), slices R (0.5).
    Volume s = PlaneCut.cut(indexed(9, 9, 9), g, "v.nii", AnatomicalPlane.SAGITTAL, true);
    assertEquals(0.5, s.sx(), 1e-12);
    assertEquals(0.5, s.sy(), 1e-12);
    assertEquals(0.5, s.sz(), 1e-12);
    assertEquals(NY, s.nx());
    assertEquals(4 * NZ, s.ny());
    assertEquals(NX, s.nz());
  }

  @Test
  void slightlyObliqueAxesAreCutAndFarObliqueOnesRefused() throws IOException {
    double c20 = Math.cos(Math.toRadians(20)), s20 = Math.sin(Math.toRadians(20));
    PatientGrid tilted = grid(new double[][] {{c20, s20, 0}, {-s20, c20, 0}, {0, 0, 1}});
    Volume v = indexed(1, 1, 1);
    assertArrayEquals(v.voxels(), PlaneCut.cut(v, tilted, "v.nii", AnatomicalPlane.AXIAL, false).voxels());
    double c30 = Math.cos(Math.toRadians(30)), s30 = Math.sin(Math.toRadians(30));
    PatientGrid oblique = grid(new double[][] {{1, 0, 0}, {0, c30, s30}, {0, -s30, c30}});
    IOException e = assertThrows(IOException.class, () -> PlaneCut.cut(v, oblique, "oblique.nii", AnatomicalPlane.AXIAL, false));
    assertTrue(e.getMessage().startsWith("oblique.nii: ") && e.getMessage().contains(" 30 degrees"), e.getMessage());
    // Two voxel axes nearest to the same patient axis (A): refused, not cut twice along A.
    PatientGrid twice = grid(new double[][] {{1, 0, 0}, {0, 1, 0.1}, {0, 1, -0.1}});
    assertThrows(IOException.class, () -> PlaneCut.cut(v, twice, "twice.nii", AnatomicalPlane.AXIAL, false));
  }

  @Test
  void nonSquarePixelsAreResampledLinearlyForImagesAndByCentreForLabels() {
    // One 2×2 slice of 1 × 2 mm pixels: rows [1, 2] and [3, 4], to 2×4 pixels of 1 mm.
    Volume v = new Volume(2, 2, 1, 1, 2, 5, new float[] {1, 2, 3, 4});
    Volume labels = PlaneCut.squarePixels(v, true);
    assertArrayEquals(new float[] {1, 2, 1, 2, 3, 4, 3, 4}, labels.voxels());
    assertEquals(2, labels.nx());
    assertEquals(4, labels.ny());
    assertEquals(1, labels.sx(), 1e-12);
    assertEquals(1, labels.sy(), 1e-12);
    assertEquals(5, labels.sz(), 1e-12);
    // Intensities between the centres: row centres of the new pixels at source rows −0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
    Volume image = PlaneCut.squarePixels(v, false);
    assertArrayEquals(new float[] {1, 2, 1.5f, 2.5f, 2.5f, 3.5f, 3, 4}, image.voxels(), 1e-6f);
    // Wider than high in mm (2 × 1 mm pixels): the columns double.
    Volume wide = PlaneCut.squarePixels(new Volume(2, 2, 1, 2, 1, 5, new float[] {1, 2, 3, 4}), true);
    assertEquals(4, wide.nx());
    assertEquals(2, wide.ny());
    assertArrayEquals(new float[] {1, 1, 2, 2, 3, 3, 4, 4}, wide.voxels());
    // Square within a thousandth: the very same volume.
    Volume square = new Volume(2, 2, 1, 1, 1.0005, 5, new float[] {1, 2, 3, 4});
    assertSame(square, PlaneCut.squarePixels(square, false));
    // The thousandth is of the pixel size: 2 × 2.001 mm is square, 2 × 2.003 mm is not.
    Volume coarse = new Volume(2, 2, 1, 2, 2.001, 5, new float[] {1, 2, 3, 4});
    assertSame(coarse, PlaneCut.squarePixels(coarse, false));
    assertNotSame(coarse, PlaneCut.squarePixels(new Volume(2, 2, 1, 2, 2.003, 5, new float[] {1, 2, 3, 4}), false));
  }

  @Test
  void reslicedResizesEverySliceOnItsOwn() {
    // Two slices of 4×1, shrunk to 2×1 by area: pairs averaged for images, the pixel under each centre for labels.
    Volume v = new Volume(4, 1, 2, 1, 1, 3, new float[] {1, 3, 5, 7, 2, 2, 6, 8});
    Volume img = PlaneCut.resliced(v, 2, 2, 1, false);
    assertArrayEquals(new float[] {2, 6, 2, 7}, img.voxels(), 1e-6f);
    assertEquals(2, img.sx(), 1e-12);
    assertEquals(2, img.sy(), 1e-12);
    assertEquals(3, img.sz(), 1e-12);
    Volume lab = PlaneCut.resliced(v, 2, 2, 1, true);
    // Centres of 2 destination pixels over 4 source pixels: floor(0.5·2) = 1 and floor(1.5·2) = 3.
    assertArrayEquals(new float[] {3, 7, 2, 8}, lab.voxels());
  }
}
