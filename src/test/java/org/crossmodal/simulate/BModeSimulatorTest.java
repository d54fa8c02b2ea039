package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BModeSimulatorTest {
  static TeacherData colin;

  @BeforeAll
  static void load() throws Exception {
    colin = TeacherData.load(new TeacherConfig().data);
  }

  /** A uniform medium whose attenuation the TGC cancels: fully developed speckle. */
  static SliceInput uniform() {
    Tissue t = new Tissue("uniform", 1, 0, 1.6, 0.5);
    TissueTable table = new TissueTable(List.of(t, t, t, t, t, t), 0, 0, 1);
    int n = 200;
    byte[] cls = new byte[n * n];
    Arrays.fill(cls, (byte) 1);
    float[] t1 = new float[n * n];
    Arrays.fill(t1, 0.5f);
    return SliceInput.of(t1, cls, n, n, 1.0, table);
  }

  @Test
  void envelopeOfUniformSpeckleHasTheRayleighSnr() {
    SliceInput s = uniform();
    Tissue t = new Tissue("uniform", 1, 0, 1.6, 0.5);
    BModeSimulator sim = new BModeSimulator(new TissueTable(List.of(t, t, t, t, t, t), 0, 0, 1), 128, 256);
    ProbePose pose = new ProbePose(100, 0, 0, 150, 3.0, 0, 60, ProbePose.Geometry.LINEAR, 0, 40);
    double sum = 0, sq = 0;
    long n = 0;
    for (int seed = 0; seed < 3; seed++) {
      double[][] env = sim.envelope(s, pose, seed).envelope();
      for (int l = 10; l < 118; l++) {
        for (int i = env[l].length / 4; i < 3 * env[l].length / 4; i++) {
          sum += env[l][i];
          sq += env[l][i] * env[l][i];
          n++;
        }
      }
    }
    double mean = sum / n, snr = mean / Math.sqrt(sq / n - mean * mean);
    System.out.printf("Rayleigh check: envelope SNR %.3f (theory 1.913)%n", snr);
    assertEquals(1.913, snr, 0.08);
  }

  @Test
  void sameSeedSameFrameAndLabelsFollowTheGeometry() {
    var slice = colin.slices().get(colin.slices().size() / 2).index();
    List<SimulatedFrames.Sample> a = generate(List.of(slice), 2, 5), b = generate(List.of(slice), 2, 5), c = generate(List.of(slice), 2, 6);
    assertArrayEquals(a.get(1).frame().bmode(), b.get(1).frame().bmode());
    assertFalse(Arrays.equals(a.get(1).frame().bmode(), c.get(1).frame().bmode()));
    BModeSimulator.Frame f = a.get(0).frame();
    int brain = 0, deep = 0;
    for (int i = 0; i < f.labels().length; i++) {
      if (!f.sector()[i]) {
        assertEquals(0, f.labels()[i], "no truth outside the sector");
        assertEquals(0, f.bmode()[i]);
      }
      if (f.labels()[i] == 1) brain++;
      if (f.labels()[i] == 2) deep++;
    }
    assertTrue(brain > 1000, "brain in view: " + brain);
    // Deep grey nuclei scatter less than the surrounding white matter: they must differ in echo level.
    if (deep > 200) {
      assertTrue(Math.abs(meanLevel(f, 1) - meanLevel(f, 2)) > 1, "brain " + meanLevel(f, 1) + " deep grey " + meanLevel(f, 2));
    }
  }

  @Test
  void speckleAndHistogramAreComparableToTheRealEcho() throws Exception {
    ImageSeries echo;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")))) {
      echo = new SeriesLoader().load(scan.loadable().get(0));
    }
    boolean[] greyInFan = echo.imagingMask().clone();
    int[] rgb = echo.rgb()[0];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      if ((p >> 16 & 255) != (p & 255) || (p >> 8 & 255) != (p & 255)) greyInFan[i] = false;
    }
    double[] real = SpeckleStats.measure(echo.grey()[0], greyInFan, echo.width(), echo.height());
    List<SimulatedFrames.Sample> sim = generate(colin.split().test(), 3, 1);
    BModeSimulator.Frame f = sim.get(0).frame();
    float[] bm = new float[f.bmode().length];
    for (int i = 0; i < bm.length; i++) bm[i] = f.bmode()[i] & 0xff;
    double[] ours = SpeckleStats.measure(bm, f.sector(), f.size(), f.size());
    System.out.printf("real echo: mean %.1f sd %.1f, speckle FWHM axial %.2f px lateral %.2f px%n", real[0], real[1], real[2], real[3]);
    System.out.printf("simulated: mean %.1f sd %.1f, speckle FWHM axial %.2f px lateral %.2f px%n", ours[0], ours[1], ours[2], ours[3]);
    for (int k = 2; k < 4; k++) assertTrue(ours[k] / real[k] > 0.25 && ours[k] / real[k] < 4, "speckle size ratio " + ours[k] / real[k]);
    assertTrue(ours[0] > 20 && ours[0] < 200, "mean grey level " + ours[0]);
  }

  static double meanLevel(BModeSimulator.Frame f, int cls) {
    double s = 0;
    int n = 0;
    for (int i = 0; i < f.labels().length; i++) {
      if (f.labels()[i] == cls) {
        s += f.bmode()[i] & 0xff;
        n++;
      }
    }
    return n == 0 ? 0 : s / n;
  }

  static List<SimulatedFrames.Sample> generate(List<Integer> slices, int frames, long seed) {
    try {
      return SimulatedFrames.generate(colin.image(), colin.classes(), slices, frames, seed, BModeSimulator.defaults(),
          TissueTable.defaults());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
