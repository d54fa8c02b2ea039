package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.ZipFile;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.testutil.CliProcess;
import org.crossmodal.testutil.TinyConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run} killed with SIGKILL in every stage in turn, each time restarted with the same command:
 * inside the teacher (after its first checkpoint), while simulating ultrasound, inside the student
 * (after its warm-up checkpoint), as the oracle starts and as the evaluation starts. The run that finally
 * completes skips what was done, leaves no half-written file, and ends with the models and the very
 * metrics.json of an uninterrupted run with the same configuration.
 */
class RunKillTest {
  @TempDir Path tmp;

  @Test
  void aRunKilledInEveryStageEndsAsAnUninterruptedRunDoes() throws Exception {
    TransferConfig c = TinyConfigs.run();
    // Bit for bit needs one libtorch thread (docs/engine.md, "Resuming"); the engine starts with the teacher's.
    c.teacher.training.threads = c.student.threads = c.oracle.threads = c.evaluation.threads = 1;
    Path config = tmp.resolve("tiny.json");
    Json.write(config, c);
    Path out = tmp.resolve("run");
    String[] args = {"run", "--config", config.toString(), "--out", out.toString()};
    Map<String, Predicate<String>> points = new LinkedHashMap<>();
    points.put("teacher", l -> l.startsWith("epoch 1/" + c.teacher.training.epochs + "  loss"));
    points.put("simulation", l -> l.startsWith("stage 2/6"));
    points.put("student", l -> l.startsWith("round 1 pseudo-labels"));
    points.put("oracle", l -> l.startsWith("stage 5/6"));
    points.put("evaluation", l -> l.startsWith("stage 6/6"));
    RunFolder run = new RunFolder(out);
    List<String> logs = new ArrayList<>();
    for (var p : points.entrySet()) {
      Path log = tmp.resolve("killed-in-" + p.getKey() + ".log");
      CliProcess.watch(log, p.getValue(), args).killed();
      logs.add(Files.readString(log));
      assertFalse(Files.exists(run.metrics()), "killed in the " + p.getKey() + " but metrics.json exists");
    }
    assertTrue(logs.get(1).contains("resuming from the checkpoint after epoch"), "the teacher resumed: " + logs.get(1));
    assertTrue(logs.get(2).contains("stage 1/6: teacher already trained"), logs.get(2));
    assertTrue(logs.get(3).contains("resuming the student after round"), "the student resumed: " + logs.get(3));
    assertTrue(Files.exists(run.student().model()) && Files.exists(run.oracle().model()), "student and oracle done before the evaluation");

    String finalLog = CliProcess.finish(tmp.resolve("final.log"), args);
    assertTrue(finalLog.contains("stage 1/6: teacher already trained"), finalLog);
    assertFalse(finalLog.contains("stage 5/6"), "the oracle was trained again: " + finalLog);
    assertEquals(List.of(), CliProcess.leftovers(out), "half-written files left by the kills");

    Path straight = tmp.resolve("straight");
    CliProcess.finish(tmp.resolve("straight.log"), "run", "--config", config.toString(), "--out", straight.toString());
    RunFolder once = new RunFolder(straight);
    assertArrayEquals(parameters(once.teacher().model()), parameters(run.teacher().model()), "teacher");
    assertArrayEquals(parameters(once.student().model()), parameters(run.student().model()), "student");
    assertArrayEquals(parameters(once.oracle().model()), parameters(run.oracle().model()), "oracle");
    JsonNode expected = Json.MAPPER.readTree(once.metrics().toFile()), actual = Json.MAPPER.readTree(run.metrics().toFile());
    assertEquals(expected, actual, "metrics.json of the killed run");
  }

  private static byte[] parameters(Path model) throws Exception {
    try (ZipFile z = new ZipFile(model.toFile())) {
      return z.getInputStream(z.getEntry("parameters.bin")).readAllBytes();
    }
  }
}
