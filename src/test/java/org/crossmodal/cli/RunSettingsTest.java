package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.training.TrainingListener;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunSettingsTest {
  @Test
  void aBadClassContrastIsNamedWithItsFileBeforeAnyStageRuns(@TempDir Path tmp) throws Exception {
    Path config = tmp.resolve("bad.yaml");
    Files.writeString(config, "student:\n  adaptation:\n    classContrast: 0.5\n");
    Path run = tmp.resolve("run");
    CliRun r = CliRun.of("run", "--config", config.toString(), "--out", run.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(config.toString()) && r.stderr().contains("classContrast"), r.stderr());
    assertFalse(Files.exists(run), "no run folder, so no teacher was trained");
  }

  @Test
  void theApiRefusesItToo(@TempDir Path tmp) {
    TransferConfig c = new TransferConfig();
    c.student.adaptation.backgroundContrast = 0;
    var e = assertThrows(IllegalArgumentException.class, () -> TransferRun.run(c, tmp.resolve("run"), new TrainingListener() {}));
    assertTrue(e.getMessage().contains("backgroundContrast"), e.getMessage());
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
  void pseudoLabelRefusesABackgroundQuantileAboveOneBeforeReadingAnything(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("pseudo-label", "--model", tmp.resolve("absent.model.zip").toString(), "--background-quantile", "1.5",
        "--out", out.toString(), tmp.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains("--background-quantile") && r.stderr().contains("1.5"), r.stderr());
    assertFalse(Files.exists(out));
  }
}
