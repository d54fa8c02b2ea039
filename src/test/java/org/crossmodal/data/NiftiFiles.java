package org.crossmodal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** NIfTI files the tests derive from real volumes: a volume on a grid, or stored in another axis order. */
public final class NiftiFiles {
  private NiftiFiles() {}

  /** A float32 NIfTI-1 file of {@code v} on {@code grid} (sform). */
  public static Path writeNifti(Path file, Volume v, PatientGrid grid) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(352 + 4 * v.voxels().length).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 348);
    short[] dim = {3, (short) v.nx(), (short) v.ny(), (short) v.nz(), 1, 1, 1, 1};
    for (int i = 0; i < 8; i++) b.putShort(40 + 2 * i, dim[i]);
    b.putShort(70, (short) 16).putShort(72, (short) 32);
    float[] pixdim = {1, (float) v.sx(), (float) v.sy(), (float) v.sz(), 0, 0, 0, 0};
    for (int i = 0; i < 8; i++) b.putFloat(76 + 4 * i, pixdim[i]);
    b.putFloat(108, 352).putFloat(112, 1).putShort(254, (short) 1);
    for (int i = 0; i < 12; i++) b.putFloat(280 + 4 * i, (float) grid.matrix()[i]);
    b.put(344, (byte) 'n').put(345, (byte) '+').put(346, (byte) '1');
    for (int i = 0; i < v.voxels().length; i++) b.putFloat(352 + 4 * i, v.voxels()[i]);
    Files.write(file, b.array());
    return file;
  }

  /** {@code v} stored with its first two axes swapped and its slices reversed, with the grid that says so. */
  public static Volume transposed(Volume v) {
    float[] out = new float[v.voxels().length];
    for (int k = 0; k < v.nz(); k++) {
      for (int j = 0; j < v.ny(); j++) {
        for (int i = 0; i < v.nx(); i++) out[((v.nz() - 1 - k) * v.nx() + i) * v.ny() + j] = v.get(i, j, k);
      }
    }
    return new Volume(v.ny(), v.nx(), v.nz(), v.sy(), v.sx(), v.sz(), out);
  }

  public static PatientGrid transposed(PatientGrid g, int nz) {
    double[] z = g.axis(2);
    return PatientGrid.of(new double[][] {g.axis(1), g.axis(0), {-z[0], -z[1], -z[2]}}, g.point(0, 0, nz - 1));
  }
}
