package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherTrainingTest {
  @TempDir Path tmp;

  private static LoadedModel tinyModel() {
    return LoadedModel.create(new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 32, 0, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null), 2);
  }

  @Test
  void aFewStepsOnRealSlicesReduceTheLoss() throws Exception {
    TeacherData data = TeacherData.load(TinyTeacher.config(1).data);
    List<LabelledSlice> batch = data.subset(data.split().train()).subList(20, 36);
    try (LoadedModel m = tinyModel(); SegmentationTraining t = new SegmentationTraining(m, 16, 5e-3, 7, 1)) {
      List<Double> losses = new ArrayList<>();
      for (int e = 0; e < 12; e++) losses.add(t.epoch(e, batch, false, (s, n, l) -> {}));
      assertTrue(losses.get(11) < 0.7 * losses.get(0), "loss did not fall: " + losses);
    }
  }

  @Test
  void nanInputStopsWithAClearError() throws Exception {
    TeacherData data = TeacherData.load(TinyTeacher.config(1).data);
    LabelledSlice s = data.slices().get(30);
    float[] bad = s.image().clone();
    bad[100] = Float.NaN;
    try (LoadedModel m = tinyModel(); SegmentationTraining t = new SegmentationTraining(m, 4, 1e-3, 7, 1)) {
      NonFiniteTrainingException e = assertThrows(NonFiniteTrainingException.class,
          () -> t.epoch(0, List.of(new LabelledSlice(s.index(), 32, bad, s.labels())), false, (a, b, c) -> {}));
      assertTrue(e.getMessage().contains("not finite at epoch 1, step 1"), e.getMessage());
    }
  }

  @Test
  void splitKeepsTestSlicesAwayFromTrainingSlices() throws Exception {
    TeacherData data = TeacherData.load(TinyTeacher.config(1).data);
    var split = data.split();
    assertFalse(split.test().isEmpty());
    assertFalse(split.validation().isEmpty());
    for (int z : split.test()) {
      assertFalse(split.train().contains(z - 1) || split.train().contains(z + 1), "test slice " + z + " has a training neighbour");
      assertFalse(split.validation().contains(z));
    }
    for (int z : split.validation()) {
      assertFalse(split.train().contains(z - 1) || split.train().contains(z + 1), "validation slice " + z + " has a training neighbour");
    }
  }

  @Test
  void sameSeedAndConfigReproduceTheSameModel() throws Exception {
    TeacherConfig c = TinyTeacher.config(2);
    c.training.augment = true;
    Path a = TeacherTrainer.train(c, tmp.resolve("a"), TrainingListener.SILENT);
    Path b = TeacherTrainer.train(c, tmp.resolve("b"), TrainingListener.SILENT);
    assertArrayEquals(parameters(a), parameters(b));
    c.training.seed = 43;
    Path other = TeacherTrainer.train(c, tmp.resolve("c"), TrainingListener.SILENT);
    assertFalse(java.util.Arrays.equals(parameters(a), parameters(other)), "a different seed must give a different model");
  }

  private static byte[] parameters(Path model) throws Exception {
    try (var zip = new java.util.zip.ZipFile(model.toFile())) {
      return zip.getInputStream(zip.getEntry("parameters.bin")).readAllBytes();
    }
  }

  /** Kill -9 a training JVM after its first checkpoint; the same command resumes and finishes. */
  @Test
  void killedRunResumesFromItsCheckpoint() throws Exception {
    Path config = tmp.resolve("tiny.json");
    Json.write(config, TinyTeacher.config(4));
    Path out = tmp.resolve("run");
    List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "org.crossmodal.cli.Main",
        "train-teacher", "--config", config.toString(), "--out", out.toString());
    Process first = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("first.log").toFile()).start();
    Path state = out.resolve("checkpoint/state.json");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (!Files.exists(state) && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(100);
    assertTrue(Files.exists(state), "no checkpoint appeared: " + Files.readString(tmp.resolve("first.log")));
    first.destroyForcibly().waitFor();
    int savedEpochs = Json.MAPPER.readTree(state.toFile()).get("completedEpochs").asInt();
    assertTrue(savedEpochs >= 1 && savedEpochs < 4, "saved " + savedEpochs);
    assertFalse(Files.exists(out.resolve(TeacherTrainer.MODEL_FILE)), "killed run must not leave a model");

    Process second = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(second.getInputStream().readAllBytes());
    assertEquals(0, second.waitFor(), log);
    assertTrue(log.contains("resuming from the checkpoint after epoch"), log);
    ModelDescriptor d = ModelFile.readDescriptor(out.resolve(TeacherTrainer.MODEL_FILE));
    assertEquals(4, ((Number) d.metrics().get("epochsTrained")).intValue());
    assertEquals(4, ((List<?>) d.metrics().get("history")).size());
    assertFalse(Files.exists(state), "checkpoint removed once the model is written");
  }
}
