package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * Labels brought onto an image's voxel grid by patient position, on 3×2×2 volumes whose voxel
 * values are their own index (x + 3y + 6z on the image's grid), so every moved voxel is visible.
 */
class GridMatchTest {
  static final int NX = 3, NY = 2, NZ = 2;
  /** The image: 1 mm voxels along R, A, S from (0, 0, 0). */
  static final PatientGrid IMAGE_GRID = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3]);

  static float[] indices() {
    float[] v = new float[NX * NY * NZ];
    for (int i = 0; i < v.length; i++) v[i] = i;
    return v;
  }

  static OrientedVolume image() {
    return new OrientedVolume(new Volume(NX, NY, NZ, 1, 1, 1, new float[NX * NY * NZ]), IMAGE_GRID, "image.nii");
  }

  @Test
  void aVolumeOnTheSameGridIsTakenAsItIs() throws IOException {
    Volume labels = new Volume(NX, NY, NZ, 1, 1, 1, indices());
    assertSame(labels, GridMatch.onto(new OrientedVolume(labels, IMAGE_GRID, "labels.nii"), image()));
    // Without geometry on either side, the same dimensions are taken voxel for voxel.
    assertSame(labels, GridMatch.onto(new OrientedVolume(labels, null, "labels.tif"), image()));
    assertSame(labels, GridMatch.onto(new OrientedVolume(labels, IMAGE_GRID, "labels.nii"),
        new OrientedVolume(image().volume(), null, "image.tif")));
  }

  @Test
  void aGridlessVolumeOfOtherDimensionsIsRefusedNamingBoth() {
    Volume labels = new Volume(NX, NY, 1, 1, 1, 1, new float[NX * NY]);
    IOException e = assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(labels, null, "labels.tif"), image()));
    assertTrue(e.getMessage().contains("labels.tif") && e.getMessage().contains("image.nii"), e.getMessage());
    assertTrue(e.getMessage().contains("3x2x1") && e.getMessage().contains("3x2x2"), e.getMessage());
    // Same voxel count, other shape: still refused.
    Volume transposed = new Volume(NY, NX, NZ, 1, 1, 1, new float[NX * NY * NZ]);
    assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(transposed, null, "t.tif"), image()));
    Volume otherDepth = new Volume(NX, NY, 3, 1, 1, 1, new float[NX * NY * 3]);
    assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(otherDepth, null, "d.tif"), image()));
  }

  @Test
  void labelsStoredMirroredAndInAnotherAxisOrderLandOnTheirVoxels() throws IOException {
    // Stored with axis 0 along A (2 voxels), axis 1 along −R (3 voxels, from R = 2 down to 0), axis 2 along S.
    PatientGrid stored = PatientGrid.of(new double[][] {{0, 1, 0}, {-1, 0, 0}, {0, 0, 1}}, new double[] {2, 0, 0});
    float[] v = new float[NX * NY * NZ];
    for (int k = 0; k < NZ; k++) {
      for (int j = 0; j < NX; j++) {
        for (int i = 0; i < NY; i++) {
          int x = 2 - j, y = i, z = k; // the image voxel this stored voxel lies on
          v[(k * NX + j) * NY + i] = x + NX * y + NX * NY * z;
        }
      }
    }
    Volume moving = new Volume(NY, NX, NZ, 1, 1, 1, v);
    Volume out = GridMatch.onto(new OrientedVolume(moving, stored, "labels.nii"), image());
    assertArrayEquals(indices(), out.voxels());
    assertEquals(NX, out.nx());
    assertEquals(NY, out.ny());
    assertEquals(NZ, out.nz());
  }

  @Test
  void spacingWithinOnePercentIsAcceptedAndBeyondItRefused() throws IOException {
    // 0.5 % larger voxels along A: the bounds move by 0.005 mm, within half a voxel.
    PatientGrid close = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1.005, 0}, {0, 0, 1}}, new double[3]);
    Volume labels = new Volume(NX, NY, NZ, 1, 1.005, 1, indices());
    assertArrayEquals(indices(), GridMatch.onto(new OrientedVolume(labels, close, "labels.nii"), image()).voxels());
    for (int axis = 0; axis < 3; axis++) {
      double[][] axes = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
      axes[axis][axis] = 1.02;
      PatientGrid wide = PatientGrid.of(axes, new double[3]);
      IOException e = assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(labels, wide, "labels.nii"), image()));
      assertTrue(e.getMessage().contains("voxel size 1.020 mm along " + "RAS".charAt(axis)), e.getMessage());
    }
    // 2 % smaller: refused as well.
    PatientGrid narrow = PatientGrid.of(new double[][] {{0.98, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[3]);
    assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(labels, narrow, "labels.nii"), image()));
  }

  @Test
  void aShiftBelowHalfAVoxelIsRoundedAwayAndOneBeyondIsRefused() throws IOException {
    Volume labels = new Volume(NX, NY, NZ, 1, 1, 1, indices());
    for (int axis = 0; axis < 3; axis++) {
      for (double shift : new double[] {0.3, -0.3}) {
        double[] origin = new double[3];
        origin[axis] = shift;
        PatientGrid g = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, origin);
        assertArrayEquals(indices(), GridMatch.onto(new OrientedVolume(labels, g, "labels.nii"), image()).voxels(),
            "shift " + shift + " along " + axis);
      }
      for (double shift : new double[] {0.7, -0.7}) {
        double[] origin = new double[3];
        origin[axis] = shift;
        PatientGrid g = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, origin);
        IOException e = assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(labels, g, "labels.nii"), image()),
            "shift " + shift + " along " + axis);
        assertTrue(e.getMessage().contains("along " + "RAS".charAt(axis)), e.getMessage());
      }
    }
    // A larger volume covering more: refused even though every image voxel has a label under it.
    Volume bigger = new Volume(NX + 2, NY, NZ, 1, 1, 1, new float[(NX + 2) * NY * NZ]);
    assertThrows(IOException.class, () -> GridMatch.onto(new OrientedVolume(bigger, IMAGE_GRID, "labels.nii"), image()));
  }

  @Test
  void aGridThatDiffersByLessThanATenthOfAMicronIsTheSameGrid() throws IOException {
    // Same dimensions and a grid within 1e-3 of the smallest spacing: the volume is taken as it is.
    PatientGrid almost = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[] {0.0005, 0, 0});
    Volume labels = new Volume(NX, NY, NZ, 1, 1, 1, indices());
    assertSame(labels, GridMatch.onto(new OrientedVolume(labels, almost, "labels.nii"), image()));
    // 0.002 mm off: resampled (a new volume with the same voxels).
    PatientGrid off = PatientGrid.of(new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, new double[] {0.002, 0, 0});
    Volume resampled = GridMatch.onto(new OrientedVolume(labels, off, "labels.nii"), image());
    assertNotSame(labels, resampled);
    assertArrayEquals(indices(), resampled.voxels());
  }
  @Test
  void tolerancesScaleWithTheImagesVoxelSize() throws IOException {
    // Image voxels of 2, 2 and 4 mm: same-grid tolerance 0.002 mm (a thousandth of the smallest), spacing 1 %,
    // extent half the largest voxel (2 mm).
    PatientGrid imageGrid = PatientGrid.of(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 4}}, new double[3]);
    OrientedVolume image = new OrientedVolume(new Volume(NX, NY, NZ, 2, 2, 4, new float[NX * NY * NZ]), imageGrid, "image.nii");
    Volume labels = new Volume(NX, NY, NZ, 2, 2, 4, indices());
    PatientGrid within = PatientGrid.of(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 4}}, new double[] {0.0015, 0, 0});
    assertSame(labels, GridMatch.onto(new OrientedVolume(labels, within, "labels.nii"), image));
    // 2.015 mm voxels along R: 0.75 % off, accepted and matched voxel for voxel.
    PatientGrid wider = PatientGrid.of(new double[][] {{2.015, 0, 0}, {0, 2, 0}, {0, 0, 4}}, new double[3]);
    assertArrayEquals(indices(), GridMatch.onto(new OrientedVolume(labels, wider, "labels.nii"), image).voxels());
    // Labels 1.5 mm to the left (within 2 mm): image voxel x lies at label index x + 0.75, rounded and kept inside.
    PatientGrid shifted = PatientGrid.of(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 4}}, new double[] {-1.5, 0, 0});
    float[] want = new float[NX * NY * NZ];
    int[] labelX = {1, 2, 2}; // round(0.75), round(1.75), round(2.75) = 3 kept at 2
    for (int z = 0; z < NZ; z++) for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) want[x + NX * y + NX * NY * z] = labelX[x] + NX * y + NX * NY * z;
    assertArrayEquals(want, GridMatch.onto(new OrientedVolume(labels, shifted, "labels.nii"), image).voxels());
    // 1.5 mm to the right: index x − 0.75: round(−0.75) = −1 kept at 0, round(0.25) = 0, round(1.25) = 1.
    PatientGrid right = PatientGrid.of(new double[][] {{2, 0, 0}, {0, 2, 0}, {0, 0, 4}}, new double[] {1.5, 0, 0});
    int[] labelX2 = {0, 0, 1};
    for (int z = 0; z < NZ; z++) for (int y = 0; y < NY; y++) for (int x = 0; x < NX; x++) want[x + NX * y + NX * NY * z] = labelX2[x] + NX * y + NX * NY * z;
    assertArrayEquals(want, GridMatch.onto(new OrientedVolume(labels, right, "labels.nii"), image).voxels());
  }
}
