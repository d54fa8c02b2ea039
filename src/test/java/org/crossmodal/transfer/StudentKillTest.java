package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 a {@code train-student} JVM after its first checkpoint: the same command resumes after the
 * saved round, repeats no round, leaves no temporary file, and trains as many epochs as an
 * uninterrupted run with the same seed.
 */
class StudentKillTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void killedStudentResumesAfterItsLastRound() throws Exception {
    TransferConfig c = TransferRunTest.tiny();
    c.student.rounds = 3;
    Path config = tmp.resolve("tiny.json");
    Json.write(config, c);
    Path teacher = TeacherTrainer.train(c.teacher, tmp.resolve("teacher"), TrainingListener.SILENT);
    Path out = tmp.resolve("student");
    String[] args = {"train-student", "--teacher", teacher.toString(), "--config", config.toString(), "--out", out.toString()};

    Process first = CliProcess.start(tmp.resolve("first.log"), args);
    Path state = out.resolve("checkpoint/student-state.json");
    CliProcess.killWhenPresent(first, state, tmp.resolve("first.log"));
    int rounds = Json.MAPPER.readTree(state.toFile()).get("completedRounds").asInt();
    assertTrue(rounds >= 1 && rounds <= c.student.rounds, "saved " + rounds);
    assertFalse(Files.exists(out.resolve(StudentTrainer.MODEL_FILE)), "killed run must not leave a model");
    Files.writeString(out.resolve("checkpoint/.student-state.json.98765.part"), "{\"half"); // a kill during a write

    String log = CliProcess.finish(tmp.resolve("second.log"), args);
    assertTrue(log.contains("resuming the student after round " + (rounds - 1)), log);
    for (int r = 1; r < rounds; r++) assertFalse(log.contains("round " + r + " pseudo-labels"), "round " + r + " ran again: " + log);
    assertTrue(log.contains("round " + c.student.rounds + " pseudo-labels"), log);
    assertFalse(Files.exists(state), "checkpoint removed once the model is written");
    assertEquals(List.of(), CliProcess.leftovers(out));

    // The uninterrupted run in a JVM of its own too: the engine's thread count is fixed per JVM, and
    // this test's JVM set it for the teacher.
    Path straight = tmp.resolve("straight").resolve(StudentTrainer.MODEL_FILE);
    CliProcess.finish(tmp.resolve("straight.log"), "train-student", "--teacher", teacher.toString(), "--config", config.toString(),
        "--out", straight.getParent().toString());
    List<?> resumed = (List<?>) ModelFile.readDescriptor(out.resolve(StudentTrainer.MODEL_FILE)).metrics().get("history");
    List<?> uninterrupted = (List<?>) ModelFile.readDescriptor(straight).metrics().get("history");
    assertEquals(uninterrupted.size(), resumed.size(), "the same epochs, counting the start");
    int before = (int) resumed.stream().filter(h -> ((Number) ((java.util.Map<String, Object>) h).get("round")).intValue() < rounds)
        .count();
    assertEquals(uninterrupted.subList(0, before), resumed.subList(0, before), "rounds before the kill are the uninterrupted run's");
    ModelDescriptor d = ModelFile.readDescriptor(out.resolve(StudentTrainer.MODEL_FILE));
    assertEquals("student", d.kind());
  }
}
