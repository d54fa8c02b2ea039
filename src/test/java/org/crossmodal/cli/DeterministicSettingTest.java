package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.CliProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** engine.deterministic in a fresh JVM: the teacher trains at one libtorch thread and its model file says so. */
class DeterministicSettingTest {
  @TempDir Path tmp;

  @Test
  void aDeterministicTeacherTrainsAtOneThreadAndRecordsIt() throws Exception {
    Path config = Files.writeString(tmp.resolve("deterministic.yaml"), Files.readString(Path.of("plugins/examples/tiny.yaml"))
        + "\nengine: {deterministic: true}\n");
    Path out = tmp.resolve("teacher");
    CliProcess.finish(tmp.resolve("log"), "train-teacher", "--config", config.toString(), "--out", out.toString());
    var engine = Json.MAPPER.valueToTree(ModelFile.readDescriptor(RunFolder.Models.teacher(out).model()).provenance()).get("engine");
    assertEquals(1, engine.path("threads").asInt(-1), engine.toString());
  }
}
