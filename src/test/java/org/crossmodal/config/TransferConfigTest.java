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
}
