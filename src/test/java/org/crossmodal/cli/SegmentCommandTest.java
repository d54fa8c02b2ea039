package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.data.LabelImages;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.crossmodal.testutil.ConstantModel;
import org.crossmodal.testutil.Tools;

@Isolated("runs the command line in-process (System.out, system properties)")
class SegmentCommandTest {
  @TempDir Path tmp;

  static ImageSeries echo() throws Exception {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")))) {
      return new SeriesLoader().load(scan.loadable().get(0));
    }
  }

  @Test
  void segmentsDicomAndNiftiInputsNamedAfterThemAndReportsBadOnes() throws Exception {
    Path model = TinyModel.save(tmp.resolve("m.zip"), 0);
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Path notDicom = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("segment", "--model", model.toString(), echo.toString(), DataSet.file("pydicom/MR_small.dcm").toString(),
        notDicom.toString(), "--out", out.toString());
    assertEquals(1, run.exitCode(), "one input of three could not be read: " + run.stderr());
    assertTrue(run.stdout().contains("segmented 2 of 3 inputs"), run.stdout());
    assertTrue(run.stderr().contains("skipped: " + notDicom + ": not DICOM (file, folder, zip or DICOMDIR), NIfTI (.nii, .nii.gz) or an image"),
        run.stderr());
    assertFalse(run.stderr().contains("not a DICOM file"), run.stderr());
    JsonNode results = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results");
    assertEquals(3, results.size(), results.toString());

    ImageSeries series = echo();
    ImagePlus labels = IJ.openImage(out.resolve("US-PAL-8-10x-echo_labels.tif").toString());
    assertNotNull(labels, "results are named after the input: " + List.of(out.toFile().list()));
    assertTrue(Files.exists(out.resolve("MR_small_labels.tif")));
    assertEquals(series.width(), labels.getWidth());
    assertEquals(10, labels.getStackSize());
    assertEquals("background,brain,deep_grey", labels.getProp(LabelImages.CLASSES));
    byte[] px = (byte[]) labels.getStack().getProcessor(1).getPixels();
    for (int i = 0; i < px.length; i++) {
      if (!series.imagingMask()[i]) assertEquals(0, px[i], "label outside the ultrasound sector at " + i);
    }
    ImagePlus probs = IJ.openImage(out.resolve("US-PAL-8-10x-echo_probabilities.tif").toString());
    assertEquals(3, probs.getNChannels());
    assertEquals(10, probs.getNFrames());
  }

  @Test
  void anUncalibratedEchoIsSegmentedOverItsWholeImagingAreaAndStaysInPixels() throws Exception {
    // A "brain teacher" that answers class 1 wherever it is asked: the labels show exactly where the network looked.
    Path model = TinyModel.brainTeacher(tmp.resolve("everywhere.model.zip"), 32, 217, 1);
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("segment", "--model", model.toString(), DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString(),
        "--out", out.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    ImageSeries series = echo();
    assertFalse(series.isCalibrated(), "the echo has neither Pixel Spacing nor Ultrasound Regions");
    ImagePlus labels = IJ.openImage(out.resolve("US-PAL-8-10x-echo_labels.tif").toString());
    assertFalse(labels.getCalibration().scaled(), "no scale is invented: " + labels.getCalibration());
    int beyondSquare = 0, w = series.width(), h = series.height();
    // The imaging area less its colour-flow pixels (no tissue echo there: background), and within it each frame's fan.
    boolean[] area = org.crossmodal.data.ColourFlow.excluded(series.imagingMask(), series.rgb());
    List<boolean[]> fans = org.crossmodal.data.ImagingAreas.of(series.grey(), w, h, area);
    for (int f = 1; f <= labels.getStackSize(); f++) {
      byte[] px = (byte[]) labels.getStack().getProcessor(f).getPixels();
      int inFan = 0, inArea = 0;
      for (int i = 0; i < px.length; i++) {
        assertEquals(fans.get(f - 1)[i] ? 1 : 0, px[i], "frame " + f + " pixel " + (i % w) + "," + (i / w));
        inFan += px[i];
        inArea += area[i] ? 1 : 0;
        boolean inCentralSquare = Math.abs(i % w - w / 2) < 217 / 2 && Math.abs(i / w - h / 2) < 217 / 2;
        if (f == 1 && series.imagingMask()[i] && !inCentralSquare) beyondSquare++;
      }
      assertTrue(inFan > 0.4 * inArea, "frame " + f + ": its fan is most of the imaging area, " + inFan + " of " + inArea);
    }
    // A fake 1 mm scale put the model's 217 mm field of view on a 217-pixel square in the middle: all of this was left out.
    assertTrue(beyondSquare > 10_000, "pixels of the imaging area outside the central 217-pixel square: " + beyondSquare);

    JsonNode r = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results").get(0);
    assertTrue(r.get("fit").asText().startsWith("uncalibrated (no pixel size): the imaging area"), r.toString());
    String warnings = r.get("warnings").toString();
    assertTrue(warnings.contains("US-PAL-8-10x-echo is US, but the model was trained on MR only"), warnings);
    assertTrue(warnings.contains("does not say what anatomy it shows (no Body Part Examined; study \\\"Echocardiogram\\\""), warnings);
    assertTrue(warnings.contains("has no pixel size"), warnings);
    assertTrue(run.stderr().contains("warning: US-PAL-8-10x-echo is US"), run.stderr());

    // With the imaging depth the same area gets a real scale, and the labels are in mm.
    Path deep = tmp.resolve("deep");
    run = CliRun.of("segment", "--model", model.toString(), DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString(),
        "--depth", "150", "--out", deep.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    ImagePlus mm = IJ.openImage(deep.resolve("US-PAL-8-10x-echo_labels.tif").toString());
    assertEquals("mm", mm.getCalibration().getUnit());
    int top = series.height(), bottom = -1;
    for (int i = 0; i < series.imagingMask().length; i++) {
      if (series.imagingMask()[i]) {
        top = Math.min(top, i / series.width());
        bottom = Math.max(bottom, i / series.width());
      }
    }
    assertEquals(150.0 / (bottom - top + 1), mm.getCalibration().pixelWidth, 1e-6);
    byte[] px = (byte[]) mm.getStack().getProcessor(1).getPixels();
    for (int i = 0; i < px.length; i++) assertEquals(fans.get(0)[i] ? 1 : 0, px[i]);
  }

  @Test
  void aRunThatSegmentsNothingWritesNothingAndSaysSo() throws Exception {
    Path model = TinyModel.save(tmp.resolve("m.zip"), 0);
    Path notDicom = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path out = tmp.resolve("never");
    CliRun run = CliRun.of("segment", "--model", model.toString(), notDicom.toString(), "--out", out.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.stderr().contains("segment: nothing was segmented, no output written: " + notDicom + ": not DICOM"), run.stderr());
    assertFalse(Files.exists(out), "no empty output folder is left behind");
  }

  @Test
  void aPngIsSegmentedAsAnUncalibratedImage() throws Exception {
    Path model = TinyModel.save(tmp.resolve("m.zip"), 217);
    Path png = tmp.resolve("screen shot.png");
    IJ.saveAs(IJ.createImage("shot", "8-bit ramp", 80, 60, 1), "PNG", png.toString());
    Path out = tmp.resolve("out");
    CliRun run = CliRun.of("segment", "--model", model.toString(), png.toString(), "--out", out.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    ImagePlus labels = IJ.openImage(out.resolve("screen shot_labels.tif").toString());
    assertEquals(80, labels.getWidth());
    assertFalse(labels.getCalibration().scaled());
  }

  /**
   * A real echo frame saved as PNG (no Modality, no pixel size), segmented by a model that answers
   * brain everywhere: as MR (the default) every pixel is labelled; with {@code --modality US} only its
   * fan, detected as for any ultrasound, and the image no longer gets the "does not say its modality" warning.
   */
  @Test
  void anImageThatDoesNotSayItsModalityIsUltrasoundWhenTold() throws Exception {
    ImageSeries series = echo();
    int w = series.width(), h = series.height();
    Path png = tmp.resolve("echo frame.png");
    IJ.saveAs(new ImagePlus("frame", new ij.process.FloatProcessor(w, h, series.grey()[0]).convertToByte(false)), "PNG", png.toString());
    Path model = TinyModel.brainTeacher(tmp.resolve("everywhere.model.zip"), 32, 217, 1);
    int[] brain = new int[2];
    String[] warnings = new String[2];
    for (int k = 0; k < 2; k++) {
      Path out = tmp.resolve("as-" + k);
      List<String> args = new java.util.ArrayList<>(List.of("segment", "--model", model.toString(), png.toString(), "--out", out.toString()));
      if (k == 1) args.addAll(List.of("--modality", "US"));
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), run.stderr());
      byte[] px = (byte[]) IJ.openImage(out.resolve("echo frame_labels.tif").toString()).getProcessor().getPixels();
      for (byte b : px) brain[k] += b;
      if (k == 1) assertEquals(0, px[0] + px[w - 1] + px[(h - 1) * w], "the corners lie outside the fan");
      warnings[k] = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results").get(0).get("warnings").toString();
    }
    assertEquals(w * h, brain[0], "as MR: the whole image");
    assertTrue(brain[1] > 0.2 * w * h && brain[1] < 0.6 * w * h, "as US: the fan, " + brain[1] + " of " + w * h + " pixels");
    assertTrue(warnings[0].contains("does not say its modality"), warnings[0]);
    assertFalse(warnings[1].contains("does not say its modality"), warnings[1]);
    assertTrue(CliRun.of("segment", "--model", model.toString(), png.toString(), "--out", tmp.resolve("x").toString(), "--modality", "CT")
        .stderr().contains("--modality"), "an unknown modality is refused");
  }

  /**
   * A NIfTI volume written by hand (python, struct: 40×30×4 float32, 1.5×1.5×3 mm voxels, gzipped) through
   * {@code segment}: with a model that answers brain everywhere, one label slice per axial slice, every
   * pixel brain, calibrated in mm; probabilities per class and slice.
   */
  @Test
  void segmentsANiftiVolumeSliceBySlice() throws Exception {
    Path nii = tmp.resolve("head.nii.gz");
    Tools.python("""
        import gzip, struct, sys
        nx, ny, nz = 40, 30, 4
        h = bytearray(348)
        struct.pack_into('<i', h, 0, 348)
        struct.pack_into('<8h', h, 40, 3, nx, ny, nz, 1, 1, 1, 1)
        struct.pack_into('<hh', h, 70, 16, 32)  # float32
        struct.pack_into('<8f', h, 76, 1, 1.5, 1.5, 3.0, 1, 1, 1, 1)
        struct.pack_into('<ff', h, 108, 352, 1.0)  # vox_offset, scl_slope
        h[123] = 10  # xyzt_units: mm, s
        h[344:348] = b'n+1' + bytes(1)
        data = b''.join(struct.pack('<f', (x + 2 * y + 5 * z) % 17) for z in range(nz) for y in range(ny) for x in range(nx))
        with gzip.open(sys.argv[1], 'wb') as f:
            f.write(bytes(h) + bytes(4) + data)
        """, nii.toString());
    Path model = ConstantModel.save(tmp.resolve("brain.zip"), 1, 10, 0);
    Path out = tmp.resolve("out");
    assertEquals(0, Main.run("segment", "--model", model.toString(), nii.toString(), "--out", out.toString()));
    JsonNode results = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results");
    assertEquals(1, results.size(), results.toString());
    assertEquals(4, results.get(0).get("frames").asInt(), results.toString());
    assertTrue(results.get(0).get("error").isNull(), results.toString());

    ImagePlus labels = IJ.openImage(out.resolve("head_labels.tif").toString());
    assertEquals(40, labels.getWidth());
    assertEquals(30, labels.getHeight());
    assertEquals(4, labels.getStackSize(), "one label image per axial slice");
    assertEquals(1.5, labels.getCalibration().pixelWidth, 1e-5, "TIFF keeps the scale as a rational");
    assertEquals(1.5, labels.getCalibration().pixelHeight, 1e-5);
    assertEquals("mm", labels.getCalibration().getUnit());
    for (int z = 1; z <= 4; z++) {
      for (byte b : (byte[]) labels.getStack().getProcessor(z).getPixels()) assertEquals(1, b, "brain everywhere on slice " + z);
    }
    ImagePlus probs = IJ.openImage(out.resolve("head_probabilities.tif").toString());
    assertEquals(3, probs.getNChannels());
    assertEquals(4, probs.getNFrames() * probs.getNSlices());
    double brain = ConstantModel.probabilities(new float[] {0, 10, 0})[1];
    probs.setPosition(2, 1, 1);
    for (float v : (float[]) probs.getProcessor().getPixels()) assertEquals(brain, v, 1e-3, "the brain channel");
  }
}
