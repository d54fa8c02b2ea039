package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.io.RunFolder;
import org.crossmodal.testutil.TinyConfigs;

/**
 * Kill -9 a {@code train-student} JVM as its first pseudo-labelling round starts (after the warm-up
 * round's checkpoint): the same command resumes after the saved round, repeats no round, leaves no
 * temporary file, and ends with the same student, bit for bit, as an uninterrupted run with the same
 * seed.
 */
class StudentKillTest {
  @TempDir Path tmp;

  @Test
  void killedStudentResumesAfterItsLastRound() throws Exception {
    TransferConfig c = TinyConfigs.run();
    c.student.rounds = 3;
    c.student.threads = 1; // bit for bit needs one libtorch thread (TeacherTrainingTest.killedRunResumesFromItsCheckpoint)
    Path config = tmp.resolve("tiny.json");
    Json.write(config, c);
    Path teacher = TeacherTrainer.train(c.teacher, tmp.resolve("teacher"), TrainingListener.SILENT);
    Path out = tmp.resolve("student");
    String[] args = {"train-student", "--teacher", teacher.toString(), "--config", config.toString(), "--out", out.toString()};

    // Round 1 starts (and says so) only after the warm-up round's checkpoint is written.
    CliProcess.watch(tmp.resolve("first.log"), l -> l.startsWith("round 1 pseudo-labels"), args).killed();
    Path state = RunFolder.Models.student(out).checkpoint().state();
    assertTrue(Files.exists(state), "no checkpoint after the warm-up round");
    int rounds = Json.MAPPER.readTree(state.toFile()).get("completedRounds").asInt();
    assertTrue(rounds >= 1 && rounds <= c.student.rounds, "saved " + rounds);
    assertFalse(Files.exists(RunFolder.Models.student(out).model()), "killed run must not leave a model");
    Files.writeString(out.resolve("checkpoint/.state.json.98765.part"), "{\"half"); // a kill during a write

    String log = CliProcess.finish(tmp.resolve("second.log"), args);
    assertTrue(log.contains("resuming the student after round " + (rounds - 1)), log);
    for (int r = 1; r < rounds; r++) assertFalse(log.contains("round " + r + " pseudo-labels"), "round " + r + " ran again: " + log);
    assertTrue(log.contains("round " + c.student.rounds + " pseudo-labels"), log);
    assertFalse(Files.exists(state.getParent()), "checkpoint folder removed once the model is written");
    assertEquals(List.of(), CliProcess.leftovers(out));

    // The uninterrupted run in a JVM of its own too: the engine's thread count is fixed per JVM, and
    // a different count sums in a different order (this test JVM's count depends on earlier tests).
    Path straightDir = tmp.resolve("straight");
    String[] straightArgs = args.clone();
    straightArgs[straightArgs.length - 1] = straightDir.toString();
    CliProcess.finish(tmp.resolve("straight.log"), straightArgs);
    Path straight = RunFolder.Models.student(straightDir).model();
    List<Map<String, Object>> resumed = history(RunFolder.Models.student(out).model()), uninterrupted = history(straight);
    assertEquals(epochs(uninterrupted), epochs(resumed), "the same rounds and epochs, none twice");
    assertEquals(uninterrupted, resumed, "the same scores after every epoch");
    assertArrayEquals(parameters(straight), parameters(RunFolder.Models.student(out).model()),
        "the resumed student equals the uninterrupted one bit for bit");
  }

  private static byte[] parameters(Path model) throws Exception {
    try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(model.toFile())) {
      var entry = z.stream().filter(e -> !e.getName().endsWith(".json")).findFirst().orElseThrow();
      return z.getInputStream(entry).readAllBytes();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> history(Path model) throws Exception {
    return (List<Map<String, Object>>) ModelFile.readDescriptor(model).metrics().get("history");
  }

  private static List<String> epochs(List<Map<String, Object>> history) {
    return history.stream().map(h -> "round " + h.get("round") + " epoch " + h.get("epoch")).toList();
  }
}
