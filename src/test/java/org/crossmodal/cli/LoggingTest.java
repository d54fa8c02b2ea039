package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's SLF4J binding (slf4j-simple with src/main/resources/simplelogger.properties) is the one
 * that takes effect, although PixelMed's jar drags slf4j-api 1.7 and slf4j-jdk14 onto the class path,
 * and CROSSMODAL_LOG sets how much the libraries log.
 */
class LoggingTest {
  @TempDir Path tmp;

  @Test
  void theProjectsBindingIsTheOneInUse() {
    assertEquals("org.slf4j.simple.SimpleLoggerFactory", org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
  }

  @Test
  void crossmodalLogMakesARunMoreVerboseAndItsDefaultIsQuiet() throws Exception {
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    Path image = tmp.resolve("image.tif");
    ij.IJ.saveAsTiff(new ij.ImagePlus("image", new ij.process.FloatProcessor(40, 30)), image.toString());
    String quiet = segment(model, image, null), verbose = segment(model, image, "debug");
    assertFalse(quiet.contains("DEBUG") || quiet.contains("INFO"), quiet);
    assertTrue(verbose.contains("DEBUG ai.djl"), "no DJL debug line through slf4j-simple:\n" + verbose);
  }

  /** {@code segment} in a JVM of its own (as bin/crossmodal starts it); its stdout and stderr. */
  private String segment(Path model, Path image, String level) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true",
        "-cp", System.getProperty("java.class.path"), "org.crossmodal.cli.Main", "segment", "--model", model.toString(), "--out",
        tmp.resolve("out-" + level).toString(), image.toString()));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve(level + ".log").toFile());
    pb.environment().remove(Main.LOG_LEVEL);
    if (level != null) pb.environment().put(Main.LOG_LEVEL, level);
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "segment did not finish");
    String out = Files.readString(tmp.resolve(level + ".log"));
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
