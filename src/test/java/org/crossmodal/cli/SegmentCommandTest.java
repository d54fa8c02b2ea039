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
    for (int f = 1; f <= labels.getStackSize(); f++) {
      byte[] px = (byte[]) labels.getStack().getProcessor(f).getPixels();
      for (int i = 0; i < px.length; i++) {
        assertEquals(series.imagingMask()[i] ? 1 : 0, px[i], "frame " + f + " pixel " + (i % w) + "," + (i / w));
        boolean inCentralSquare = Math.abs(i % w - w / 2) < 217 / 2 && Math.abs(i / w - h / 2) < 217 / 2;
        if (f == 1 && series.imagingMask()[i] && !inCentralSquare) beyondSquare++;
      }
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
    for (int i = 0; i < px.length; i++) assertEquals(series.imagingMask()[i] ? 1 : 0, px[i]);
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
}
