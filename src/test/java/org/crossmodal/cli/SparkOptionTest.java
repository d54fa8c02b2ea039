package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin carries no cluster engine: with the plugin alone on the class path (as here and in
 * Fiji), {@code --spark} ends with one line naming the Spark module, and nothing is written. The
 * Spark module's own tests run the option on a real cluster (spark/, SparkBatchIT).
 */
class SparkOptionTest {
  @Test
  void withoutTheSparkModuleTheOptionSaysWhatIsMissing(@TempDir Path tmp) throws Exception {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.apache.spark.SparkContext"), "no Spark in the plugin");
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    for (String command : new String[] {"batch", "pseudo-label"}) {
      Path out = tmp.resolve(command);
      CliRun r = CliRun.of(command, "--spark", "local[2]", "--model", model.toString(), tmp.toString(), "--out", out.toString());
      assertEquals(1, r.exitCode(), r.stderr());
      assertTrue(r.stderr().contains("Spark module"), r.stderr());
      assertEquals(1, r.stderr().strip().lines().count(), "one line, no stack trace: " + r.stderr());
      assertFalse(Files.exists(out), "nothing written");
    }
  }
}
