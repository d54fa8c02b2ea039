package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;
import org.crossmodal.testutil.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.io.RunFolder;
import org.crossmodal.testutil.TinyConfigs;

class TeacherTrainingTest {
  @TempDir Path tmp;

  private static LoadedModel tinyModel() {
    return LoadedModel.create(new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 32, 0, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null), 2);
  }

  @Test
  void aFewStepsOnRealSlicesReduceTheLoss() throws Exception {
    TeacherData data = TeacherData.load(TinyConfigs.teacher(1).data);
    List<LabelledSlice> batch = data.subset(data.split().train()).subList(20, 36);
    try (LoadedModel m = tinyModel(); SegmentationTraining t = new SegmentationTraining(m, 16, 5e-3, 7, 1)) {
      List<Double> losses = new ArrayList<>();
      for (int e = 0; e < 12; e++) losses.add(t.epoch(e, batch, false, (s, n, l) -> {}));
      assertTrue(losses.get(11) < 0.7 * losses.get(0), "loss did not fall: " + losses);
    }
  }

  @Test
  void earlyStoppingIsOffByDefaultAndStopsAfterPatienceEpochsWithoutABetterOne() {
    TeacherConfig.Training t = new TeacherConfig().training;
    Checkpoint.State state = new Checkpoint.State();
    state.completedEpochs = t.epochs - 1;
    state.epochsSinceBest = t.epochs - 1;
    assertEquals(0, t.patience);
    assertTrue(TeacherTrainer.continues(t, state), "the default trains every epoch, however long since the best");
    state.completedEpochs = t.epochs;
    assertFalse(TeacherTrainer.continues(t, state));
    t.patience = 3;
    state.completedEpochs = 10;
    state.epochsSinceBest = 2;
    assertTrue(TeacherTrainer.continues(t, state));
    state.epochsSinceBest = 3;
    assertFalse(TeacherTrainer.continues(t, state), "3 epochs without a better one");
  }

  @Test
  void nanInputStopsWithAClearError() throws Exception {
    TeacherData data = TeacherData.load(TinyConfigs.teacher(1).data);
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
    TeacherData data = TeacherData.load(TinyConfigs.teacher(1).data);
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
    TeacherConfig c = TinyConfigs.teacher(2);
    c.training.augment = true;
    Path a = TeacherTrainer.train(c, tmp.resolve("a"), TrainingListener.SILENT);
    Path b = TeacherTrainer.train(c, tmp.resolve("b"), TrainingListener.SILENT);
    assertArrayEquals(parameters(a), parameters(b));
    c.training.seed = 43;
    Path other = TeacherTrainer.train(c, tmp.resolve("c"), TrainingListener.SILENT);
    assertFalse(java.util.Arrays.equals(parameters(a), parameters(other)), "a different seed must give a different model");
  }

  /**
   * The moving average of the weights is what is validated and kept, and it leaves the training itself
   * alone: the same losses epoch by epoch with and without it, but another model file.
   */
  @Test
  void theAverageOfTheWeightsIsKeptAndTheTrainingIsTheSame() throws Exception {
    TeacherConfig c = TinyConfigs.teacher(3);
    c.training.averageDecay = 0;
    Path plain = TeacherTrainer.train(c, tmp.resolve("plain"), TrainingListener.SILENT);
    c.training.averageDecay = 0.99;
    Path averaged = TeacherTrainer.train(c, tmp.resolve("averaged"), TrainingListener.SILENT);
    List<?> p = (List<?>) ModelFile.readDescriptor(plain).metrics().get("history");
    List<?> a = (List<?>) ModelFile.readDescriptor(averaged).metrics().get("history");
    for (int e = 0; e < 3; e++) {
      assertEquals(((Map<?, ?>) p.get(e)).get("loss"), ((Map<?, ?>) a.get(e)).get("loss"), "epoch " + (e + 1) + "'s loss");
    }
    assertNotEquals(((Map<?, ?>) p.get(2)).get("validationDice"), ((Map<?, ?>) a.get(2)).get("validationDice"),
        "the validated network is the average");
    assertFalse(java.util.Arrays.equals(parameters(plain), parameters(averaged)), "the kept weights are the average");
  }

  private static byte[] parameters(Path model) throws Exception {
    try (var zip = new java.util.zip.ZipFile(model.toFile())) {
      return zip.getInputStream(zip.getEntry("parameters.bin")).readAllBytes();
    }
  }

  /**
   * Kill -9 a training JVM the moment it reports its first epoch (after that epoch's checkpoint); the
   * same command resumes without repeating epochs, leaves no temporary file, and ends with the very
   * model an uninterrupted run with the same seed ends with (the checkpoint holds Adam's moments too).
   * The uninterrupted run is a JVM of its own as well, so both have the same engine settings whatever
   * this test JVM's are. One libtorch thread: with two, fresh processes given the same inputs differ
   * in the last bits now and then (docs/engine.md, "Resuming"), which is not what this test is about.
   */
  @Test
  void killedRunResumesFromItsCheckpoint() throws Exception {
    TeacherConfig c = TinyConfigs.teacher(4);
    c.training.threads = 1;
    Path config = tmp.resolve("tiny.json");
    Json.write(config, c);
    Path out = tmp.resolve("run");
    String[] args = {"train-teacher", "--config", config.toString(), "--out", out.toString()};
    CliProcess.Watched first = CliProcess.watch(tmp.resolve("first.log"), l -> l.startsWith("epoch 1/4  loss"), args);
    first.killed();
    Path state = out.resolve("checkpoint/state.json");
    assertTrue(Files.exists(state), "the checkpoint is written before the epoch is reported");
    int savedEpochs = Json.MAPPER.readTree(state.toFile()).get("completedEpochs").asInt();
    assertTrue(savedEpochs >= 1 && savedEpochs < 4, "saved " + savedEpochs);
    assertFalse(Files.exists(RunFolder.Models.teacher(out).model()), "killed run must not leave a model");
    // What a kill in the middle of a write leaves (AtomicFiles' temporary name): the resumed run removes it.
    Files.writeString(out.resolve("checkpoint/.last.params.123456.part"), "half");

    String log = CliProcess.finish(tmp.resolve("second.log"), args);
    assertTrue(log.contains("resuming from the checkpoint after epoch " + savedEpochs), log);
    for (int e = 1; e <= savedEpochs; e++) assertFalse(log.contains("epoch " + e + "/4  loss"), "epoch " + e + " ran again: " + log);
    assertTrue(log.contains("epoch 4/4  loss"), log);
    ModelDescriptor d = ModelFile.readDescriptor(RunFolder.Models.teacher(out).model());
    assertEquals(4, ((Number) d.metrics().get("epochsTrained")).intValue());
    assertFalse(Files.exists(out.resolve("checkpoint")), "checkpoint removed once the model is written");
    assertEquals(List.of(), CliProcess.leftovers(out));

    // The uninterrupted run; a file someone put in its checkpoint folder is kept, with a message, and does not fail it.
    Path straightDir = tmp.resolve("straight");
    Path notes = straightDir.resolve("checkpoint/notes.txt");
    Files.createDirectories(notes.getParent());
    Files.writeString(notes, "mine");
    String straightLog = CliProcess.finish(tmp.resolve("straight.log"), "train-teacher", "--config", config.toString(), "--out",
        straightDir.toString());
    Path straight = RunFolder.Models.teacher(straightDir).model();
    assertEquals("mine", Files.readString(notes));
    try (var left = Files.list(notes.getParent())) {
      assertEquals(List.of("notes.txt"), left.map(f -> f.getFileName().toString()).toList(), "the checkpoint's own files are gone");
    }
    assertTrue(straightLog.lines().anyMatch(m -> m.startsWith("kept ") && m.contains("files the teacher did not write")), straightLog);
    ModelDescriptor s = ModelFile.readDescriptor(straight);
    List<?> resumed = (List<?>) d.metrics().get("history"), uninterrupted = (List<?>) s.metrics().get("history");
    assertEquals(uninterrupted.size(), resumed.size());
    assertEquals(uninterrupted.subList(0, savedEpochs), resumed.subList(0, savedEpochs),
        "epochs before the kill are the uninterrupted run's, bit for bit");
    assertEquals(uninterrupted, resumed, "and so are those after it");
    assertArrayEquals(parameters(straight), parameters(RunFolder.Models.teacher(out).model()),
        () -> "the resumed model is the uninterrupted run's, bit for bit (largest parameter difference "
            + maxDifference(RunFolder.Models.teacher(out).model(), straight) + ")");
  }

  private static double maxDifference(Path a, Path b) {
    try (LoadedModel x = ModelFile.load(a, 1); LoadedModel y = ModelFile.load(b, 1)) {
      double max = 0;
      var px = x.net().getParameters().values();
      var py = y.net().getParameters().values();
      for (int i = 0; i < px.size(); i++) {
        max = Math.max(max, px.get(i).getArray().sub(py.get(i).getArray()).abs().max().getFloat());
      }
      return max;
    } catch (java.io.IOException e) {
      return Double.NaN;
    }
  }
}
