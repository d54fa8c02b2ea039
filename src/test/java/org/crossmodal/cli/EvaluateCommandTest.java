package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.Json;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.io.RunFolder;

class EvaluateCommandTest {
  @TempDir Path tmp;

  @Test
  void scoresAgainstADicomSegAndAgainstLabelTiffsAlike() throws Exception {
    TeacherConfig.Data d = new TeacherConfig().data;
    TeacherData data = TeacherData.load(d);
    Path sim = tmp.resolve("sim");
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 3, 5, new RunFolder.Simulation(sim));
    Path model = TinyModel.save(tmp.resolve("m.zip"), 217);
    Path images = new RunFolder.Simulation(sim).dicomImage();
    assertEquals(0, Main.run("evaluate", "--model", model.toString(), "--images", images.toString(), "--labels",
        new RunFolder.Simulation(sim).dicomSegmentation().toString(), "--out", tmp.resolve("seg").toString()));
    // The same truth as an ImageJ label TIFF, matched by name in a folder.
    Path labels = Files.createDirectories(tmp.resolve("labels"));
    JsonNode bySeg = Json.MAPPER.readTree(tmp.resolve("seg/metrics.json").toFile());
    String source = bySeg.get("perSource").fieldNames().next();
    Files.copy(sim.resolve("synthetic-us-labels.tif"), labels.resolve(source + "_labels.tif"));
    assertEquals(0, Main.run("evaluate", "--model", model.toString(), "--images", images.toString(), "--labels",
        labels.toString(), "--out", tmp.resolve("tif").toString()));
    JsonNode byTif = Json.MAPPER.readTree(tmp.resolve("tif/metrics.json").toFile());
    assertEquals(3, bySeg.get("frames").asInt());
    for (String k : List.of("background", "brain", "deep_grey", "meanForeground")) {
      double v = bySeg.get(k).asDouble(-1);
      assertTrue(v >= 0 && v <= 1, k + " " + v);
      assertEquals(v, byTif.get(k).asDouble(), 1e-12, k);
    }
    assertEquals((bySeg.get("brain").asDouble() + bySeg.get("deep_grey").asDouble()) / 2, bySeg.get("meanForeground").asDouble(), 1e-12);
  }

  @Test
  void labelsWithTheWrongFrameCountAreRefusedNamingTheFile() throws Exception {
    TeacherConfig.Data d = new TeacherConfig().data;
    TeacherData data = TeacherData.load(d);
    Path two = tmp.resolve("two"), three = tmp.resolve("three");
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 2, 5, new RunFolder.Simulation(two));
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), 3, 5, new RunFolder.Simulation(three));
    Path model = TinyModel.save(tmp.resolve("m.zip"), 0);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    int exit;
    Path wrong = new RunFolder.Simulation(three).dicomSegmentation();
    try {
      exit = Main.run("evaluate", "--model", model.toString(), "--images", new RunFolder.Simulation(two).dicomImage().toString(),
          "--labels", wrong.toString(), "--out", tmp.resolve("out").toString());
    } finally {
      System.setErr(err);
    }
    assertEquals(1, exit);
    String msg = captured.toString();
    assertTrue(msg.contains(wrong.toString()) && msg.contains("3 frames") && msg.contains("with 2"), msg);
    assertFalse(Files.exists(tmp.resolve("out/metrics.json")));
  }
}
