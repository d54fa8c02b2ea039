package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.training.TrainingListener;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

@Isolated("runs the command line in-process and reads what it printed")
class RunSettingsTest {
  @Test
  void aBadViewShareIsNamedWithItsFileBeforeAnyStageRuns(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("bad.yaml");
    Files.writeString(config, "teacher:\n  data:\n    probeViews: 1.5\n");
    Path run = tmp.resolve("run");
    CliRun r = CliRun.of("run", "--config", config.toString(), "--out", run.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(config.toString()) && r.stderr().contains("probeViews"), r.stderr());
    assertFalse(Files.exists(run), "no run folder, so no teacher was trained");
  }

  @Test
  void theApiRefusesAnUnknownSelectionRuleToo(@TempDir Path tmp) {
    TransferConfig c = new TransferConfig();
    c.student.selection = "bestGuess";
    var e = assertThrows(IllegalArgumentException.class, () -> TransferRun.run(c, tmp.resolve("run"), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("student.selection") && e.getMessage().contains("bestGuess"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("run")));
  }

  @Test
  void aPseudoLabelQuantileOutsideZeroToOneIsRefused(@TempDir Path tmp) {
    TransferConfig c = new TransferConfig();
    c.student.pseudoLabels.backgroundQuantile = 1.5;
    var e = assertThrows(IllegalArgumentException.class, () -> TransferRun.run(c, tmp.resolve("run"), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("backgroundQuantile") && e.getMessage().contains("1.5"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("run")));
  }

  @Test
  void aStudentWithoutSimulatedOrRealUltrasoundIsRefusedBeforeAnyStageRuns(@TempDir Path tmp) {
    TransferConfig c = new TransferConfig();
    c.student.target.simulated = false;
    var e = assertThrows(IllegalArgumentException.class, () -> TransferRun.run(c, tmp.resolve("run"), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("student.target.simulated") && e.getMessage().contains("no real ultrasound"), e.getMessage());
    c.ultrasound.add(TransferConfig.DEMO_ECHO);
    c.student.target.real = false;
    assertThrows(IllegalArgumentException.class, () -> TransferRun.run(c, tmp.resolve("run"), new TrainingListener() {}));
    assertFalse(Files.exists(tmp.resolve("run")));
  }

  @Test
  void deterministicSetsEveryThreadCountToOne() {
    TransferConfig c = new TransferConfig();
    c.engine.deterministic = true;
    c.check();
    assertEquals(java.util.List.of(1, 1, 1, 1), java.util.List.of(c.teacher.training.threads, c.student.threads, c.oracle.threads,
        c.evaluation.threads));
  }

  @Test
  void pseudoLabelRefusesABackgroundQuantileAboveOneBeforeReadingAnything(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("pseudo-label", "--model", tmp.resolve("absent.model.zip").toString(), "--background-quantile", "1.5",
        "--out", out.toString(), tmp.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("--background-quantile") && r.stderr().contains("1.5"), r.stderr());
    assertFalse(Files.exists(out));
  }
}
