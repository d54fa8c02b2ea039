package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.testutil.ConstantModel;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code evaluate}: Dice values that are known beforehand, by hand and by numpy, not just numbers between 0 and 1. */
@Isolated("swaps System.err")
class EvaluateCommandTest {
  @TempDir Path tmp;

  /**
   * Two 40×30 frames whose truth is drawn by hand: frame 1 has brain in rows 0–9 (400 pixels), deep
   * grey in rows 10–12 (120), background below (680); frame 2 has brain in rows 0–19 (800) and
   * background below (400). A model that answers brain on every pixel then scores, pooled over both
   * frames, brain 2·1200 / (2400 + 1200) = 2/3, background and deep grey 0 (true, never predicted),
   * mean foreground 1/3; one that answers deep grey scores deep grey 2·120 / (2400 + 120) = 2/21.
   */
  @Test
  void constantModelsOnHandDrawnLabelsScoreWhatIsCountedByHand() throws Exception {
    int w = 40, h = 30;
    ImageStack images = new ImageStack(w, h), truth = new ImageStack(w, h);
    Random r = new Random(1);
    for (int f = 0; f < 2; f++) {
      float[] img = new float[w * h];
      for (int i = 0; i < img.length; i++) img[i] = r.nextFloat() * 100;
      images.addSlice(new FloatProcessor(w, h, img));
      byte[] l = new byte[w * h];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) l[y * w + x] = (byte) (f == 0 ? (y < 10 ? 1 : y < 13 ? 2 : 0) : (y < 20 ? 1 : 0));
      }
      truth.addSlice(new ByteProcessor(w, h, l));
    }
    Path imgDir = Files.createDirectories(tmp.resolve("images")), labelDir = Files.createDirectories(tmp.resolve("labels"));
    assertTrue(new FileSaver(new ImagePlus("scan", images)).saveAsTiffStack(imgDir.resolve("scan.tif").toString()));
    assertTrue(new FileSaver(new ImagePlus("scan_labels", truth)).saveAsTiffStack(labelDir.resolve("scan_labels.tif").toString()));

    // The image as a file, its labels found in a folder by name (scan_labels.tif).
    JsonNode brain = evaluate(ConstantModel.save(tmp.resolve("brain.zip"), 1, 10, 0), imgDir.resolve("scan.tif"), labelDir, "brain-out");
    assertEquals(2.0 / 3, brain.get("brain").asDouble(), 1e-12);
    assertEquals(0.0, brain.get("background").asDouble(), 0);
    assertEquals(0.0, brain.get("deep_grey").asDouble(), 0);
    assertEquals(1.0 / 3, brain.get("meanForeground").asDouble(), 1e-12);
    assertEquals(2, brain.get("frames").asInt());
    assertEquals("brain.zip", brain.get("model").asText());
    JsonNode perSource = brain.get("perSource").get("scan");
    assertNotNull(perSource, brain.toString());
    assertEquals(2.0 / 3, perSource.get("brain").asDouble(), 1e-12);

    JsonNode deep = evaluate(ConstantModel.save(tmp.resolve("deep.zip"), 2, 10, 0), imgDir.resolve("scan.tif"),
        labelDir.resolve("scan_labels.tif"), "deep-out");
    assertEquals(2.0 * 120 / (2400 + 120), deep.get("deep_grey").asDouble(), 1e-12);
    assertEquals(0.0, deep.get("brain").asDouble(), 0);
    assertEquals(1.0 / 21, deep.get("meanForeground").asDouble(), 1e-12);
  }

  /**
   * Simulated DICOM US with its DICOM SEG, and the same truth as a label TIFF, give the same Dice; and
   * that Dice is numpy's over what {@code segment} labels with the same model (outside the imaging area
   * included), against the truth: evaluate scores exactly what the model segments.
   */
  @Test
  void scoresAgainstADicomSegAndLabelTiffsAsNumpyCountsThem() throws Exception {
    TeacherConfig.Data d = new TeacherConfig().data;
    TeacherData data = TeacherData.load(d);
    Path sim = tmp.resolve("sim");
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 3, 5, new RunFolder.Simulation(sim));
    Path model = TinyModel.save(tmp.resolve("m.zip"), 217);
    Path images = new RunFolder.Simulation(sim).dicomImage();
    JsonNode bySeg = evaluate(model, images, new RunFolder.Simulation(sim).dicomSegmentation(), "seg");
    Path labels = Files.createDirectories(tmp.resolve("labels"));
    String source = bySeg.get("perSource").fieldNames().next();
    Path truthTif = labels.resolve(source + "_labels.tif");
    Files.copy(sim.resolve("synthetic-us-labels.tif"), truthTif);
    JsonNode byTif = evaluate(model, images, labels, "tif");
    assertEquals(3, bySeg.get("frames").asInt());

    CliRun seg = CliRun.of("segment", "--model", model.toString(), images.toString(), "--out", tmp.resolve("segmented").toString());
    assertEquals(0, seg.exitCode(), seg.stderr());
    Path predicted;
    try (var s = Files.list(tmp.resolve("segmented"))) {
      predicted = s.filter(p -> p.toString().endsWith("_labels.tif")).findFirst().orElseThrow();
    }
    String[] numpy = Tools.python("""
        import sys, numpy as np
        from PIL import Image
        def stack(path):
            im = Image.open(path); out = []
            for i in range(im.n_frames):
                im.seek(i); out.append(np.array(im))
            return np.stack(out).astype(np.int64)
        p, t = stack(sys.argv[1]), stack(sys.argv[2])
        assert p.shape == t.shape, (p.shape, t.shape)
        d = []
        for c in range(3):
            pc, tc = p == c, t == c
            n = pc.sum() + tc.sum()
            d.append(1.0 if n == 0 else 2.0 * (pc & tc).sum() / n)
        print(' '.join(repr(float(x)) for x in d + [(d[1] + d[2]) / 2]))
        """, predicted.toString(), truthTif.toString()).split(" ");
    List<String> keys = List.of("background", "brain", "deep_grey", "meanForeground");
    for (int k = 0; k < keys.size(); k++) {
      assertEquals(Double.parseDouble(numpy[k]), bySeg.get(keys.get(k)).asDouble(), 1e-12, keys.get(k) + " against numpy");
      assertEquals(bySeg.get(keys.get(k)).asDouble(), byTif.get(keys.get(k)).asDouble(), 1e-12, keys.get(k) + " SEG against TIFF");
    }
  }

  /**
   * Two real ultrasound images exported into one series (case7.dcm, case8.dcm: same Series Instance UID,
   * their own SOP Instance UIDs), labelled by file name (case7.tif, case8_labels.tif). Read as one
   * series they had no labels ("no labels for images"); each file now pairs with its own labels.
   * The model answers brain everywhere: case7's truth has brain in rows 0–9 of 80×60 (800 of 4800
   * pixels), so brain Dice is 2·800/(4800+800) = 2/7; case8's in rows 0–29 (2400): 2/3.
   */
  @Test
  void ultrasoundFilesOfOneSeriesPairWithLabelsNamedAfterEachFile() throws Exception {
    Path imgDir = Files.createDirectories(tmp.resolve("images")), labelDir = Files.createDirectories(tmp.resolve("labels"));
    Tools.python("import pydicom,sys\nfor i,n in enumerate(['case7','case8']):\n"
        + "  d=pydicom.dcmread(sys.argv[1]); d.SOPInstanceUID+='.%d'%(i+1); d.InstanceNumber=i+1; d.save_as(sys.argv[2]+'/'+n+'.dcm')",
        org.crossmodal.io.DataSet.file("pydicom/ExplVR_BigEnd.dcm").toString(), imgDir.toString());
    int w = 80, h = 60;
    for (String[] c : new String[][] {{"case7.tif", "10"}, {"case8_labels.tif", "30"}}) {
      byte[] l = new byte[w * h];
      for (int i = 0; i < w * Integer.parseInt(c[1]); i++) l[i] = 1;
      assertTrue(new FileSaver(new ImagePlus(c[0], new ByteProcessor(w, h, l))).saveAsTiff(labelDir.resolve(c[0]).toString()));
    }
    JsonNode r = evaluate(ConstantModel.save(tmp.resolve("brain.zip"), 1, 10, 0), imgDir, labelDir, "paired");
    assertEquals(2, r.get("frames").asInt(), r.toString());
    assertEquals(2.0 / 7, r.get("perSource").get("case7").get("brain").asDouble(), 1e-12, r.toString());
    assertEquals(2.0 / 3, r.get("perSource").get("case8").get("brain").asDouble(), 1e-12, r.toString());
  }

  private JsonNode evaluate(Path model, Path images, Path labels, String out) throws Exception {
    CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--images", images.toString(), "--labels", labels.toString(),
        "--out", tmp.resolve(out).toString());
    assertEquals(0, r.exitCode(), r.stderr());
    return Json.MAPPER.readTree(tmp.resolve(out).resolve("metrics.json").toFile());
  }

  @Test
  void labelsWithTheWrongFrameCountAreRefusedNamingTheFile() throws Exception {
    TeacherConfig.Data d = new TeacherConfig().data;
    TeacherData data = TeacherData.load(d);
    Path two = tmp.resolve("two"), three = tmp.resolve("three");
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 2, 5, new RunFolder.Simulation(two));
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 3, 5, new RunFolder.Simulation(three));
    Path model = TinyModel.save(tmp.resolve("m.zip"), 0);
    Path wrong = new RunFolder.Simulation(three).dicomSegmentation();
    CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--images", new RunFolder.Simulation(two).dicomImage().toString(),
        "--labels", wrong.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.stderr().contains(wrong.toString()) && r.stderr().contains("3 frames") && r.stderr().contains("with 2"), r.stderr());
    assertFalse(Files.exists(tmp.resolve("out/metrics.json")));
  }
}
