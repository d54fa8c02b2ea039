package org.crossmodal.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.crossmodal.io.Json;
import org.junit.jupiter.api.Test;

class TransferConfigTest {
  @Test
  void theDocumentedExampleParsesAndMatchesTheDefaults() throws Exception {
    TransferConfig example = Json.read(Path.of("docs/examples/run.yaml"), TransferConfig.class);
    TransferConfig defaults = new TransferConfig();
    // The example spells out the defaults: a reader can trust it.
    assertEquals(Json.MAPPER.writeValueAsString(defaults), Json.MAPPER.writeValueAsString(example));
  }

  @Test
  void anUnknownFieldIsAnErrorNamingItAndTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path f = java.nio.file.Files.writeString(tmp.resolve("bad.yaml"), "student:\n  roundz: 3\n");
    Exception e = assertThrows(java.io.IOException.class, () -> Json.read(f, TransferConfig.class));
    assertTrue(e.getMessage().contains("roundz") && e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void aFileOverTheDemoChangesWhatItNamesAndKeepsTheDemosSizes(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path f = java.nio.file.Files.writeString(tmp.resolve("seed.yaml"), "teacher:\n  training: {seed: 1}\nengine: {precision: fp32}\n");
    TransferConfig c = TransferConfig.read(f, TransferConfig.demo());
    TransferConfig demo = TransferConfig.demo();
    assertEquals(1, c.teacher.training.seed);
    assertEquals(demo.teacher.training.epochs, c.teacher.training.epochs);
    assertEquals(demo.teacher.training.batchSize, c.teacher.training.batchSize);
    assertEquals(demo.teacher.training.learningRate, c.teacher.training.learningRate);
    assertEquals(demo.oracle.epochs, c.oracle.epochs);
    assertEquals(demo.ultrasound, c.ultrasound);
    assertFalse(c.student.target.real);
    assertEquals("fp32", c.engine.precision);
    assertNotEquals(new TransferConfig().teacher.training.epochs, c.teacher.training.epochs, "the demo's sizes differ from run's");
  }

  @Test
  void aListInTheFileReplacesTheDefaultsList(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path f = java.nio.file.Files.writeString(tmp.resolve("us.yaml"), "ultrasound: [mine/case1.dcm]\n");
    assertEquals(java.util.List.of("mine/case1.dcm"), TransferConfig.read(f, TransferConfig.demo()).ultrasound);
  }

  @Test
  void overDefaultsAnUnknownFieldIsStillRefusedNamingTheFile(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path f = java.nio.file.Files.writeString(tmp.resolve("bad.yaml"), "teacher:\n  training: {epochz: 3}\n");
    Exception e = assertThrows(java.io.IOException.class, () -> TransferConfig.read(f, TransferConfig.demo()));
    assertTrue(e.getMessage().contains("epochz") && e.getMessage().startsWith(f.toString()), e.getMessage());
  }

  @Test
  void readingOverRunsDefaultsEqualsReadingTheFileAlone() throws Exception {
    for (String name : new String[] {"docs/examples/run.yaml", "plugins/examples/tiny.yaml"}) {
      Path f = Path.of(name);
      TransferConfig alone = Json.read(f, TransferConfig.class);
      alone.check();
      assertEquals(Json.MAPPER.writeValueAsString(alone), Json.MAPPER.writeValueAsString(TransferConfig.read(f)), name);
    }
  }
}
