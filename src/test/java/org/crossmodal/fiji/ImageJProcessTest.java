package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.DicomValidators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real ImageJ in its own process, truly headless, set up as a user installs the plugin: the plugin
 * jar in plugins/, its dependencies in jars/. It runs the example macro from plugins/ and the test
 * checks the files it wrote (ImageJ's exit code says nothing about macro errors).
 */
class ImageJProcessTest {
  @TempDir Path tmp;

  @Test
  void theExampleMacroRunsTheWholeJobInHeadlessImageJ() throws Exception {
    Path ij = installImageJ(tmp.resolve("ImageJ"));
    Path out = tmp.resolve("out");
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    String args = out + "," + echo + "," + Path.of("plugins/examples/tiny.yaml").toAbsolutePath();
    String log = runMacro(ij, Path.of("plugins/CrossModal_Pipeline.ijm").toAbsolutePath(), args);

    assertTrue(log.contains("CrossModal pipeline macro finished"), log);
    assertFalse(log.contains(" failed: "), log);
    assertEquals("teacher", ModelFile.readDescriptor(out.resolve("teacher/teacher.model.zip")).kind());
    assertEquals("student", ModelFile.readDescriptor(out.resolve("student/student.model.zip")).kind());
    try (Stream<Path> s = Files.walk(out.resolve("pseudo-labels"))) {
      assertEquals(1, s.filter(p -> p.getFileName().toString().equals("pseudo-labels.tif")).count());
    }
    ImagePlus labels = IJ.openImage(out.resolve("student-labels.tif").toString());
    assertEquals(10, labels.getStackSize(), "one label frame per echo frame");
    Path seg = out.resolve("student-seg.dcm");
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(echo)));
    assertEquals(List.of(), DicomValidators.entityErrors(List.of(echo, seg)));
  }

  /** An ImageJ folder as a user would make it: plugins/CrossModal_Transfer.jar and jars/*. */
  static Path installImageJ(Path dir) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins")), jars = Files.createDirectories(dir.resolve("jars"));
    try (OutputStream o = Files.newOutputStream(plugins.resolve("CrossModal_Transfer.jar")); JarOutputStream jar = new JarOutputStream(o)) {
      Path classes = Path.of("target/classes");
      List<Path> files;
      try (Stream<Path> s = Files.walk(classes)) {
        files = s.filter(Files::isRegularFile).toList();
      }
      for (Path f : files) {
        jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace(File.separatorChar, '/')));
        Files.copy(f, jar);
        jar.closeEntry();
      }
    }
    for (String entry : testClassPath()) {
      Path p = Path.of(entry);
      String n = p.getFileName().toString();
      if (!n.endsWith(".jar") || n.startsWith("junit-") || n.startsWith("opentest4j") || n.startsWith("apiguardian")) continue;
      Files.copy(p, jars.resolve(n));
    }
    return dir;
  }

  static List<String> testClassPath() {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(cp.split(File.pathSeparator));
  }

  static Path patcher(Path ij) throws IOException {
    try (Stream<Path> s = Files.list(ij.resolve("jars"))) {
      return s.filter(p -> p.getFileName().toString().startsWith("ij1-patcher")).findFirst()
          .orElseThrow(() -> new IOException("ij1-patcher is not on the test class path"));
    }
  }

  /** Runs {@code macro} in batch mode; returns what ImageJ printed. */
  static String runMacro(Path ij, Path macro, String args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx4g",
        "-Djava.awt.headless=true", "--add-opens=java.base/java.lang=ALL-UNNAMED", "-javaagent:" + patcher(ij) + "=init",
        "-Dai.djl.offline=true", "-Dcrossmodal.data=" + DataSet.root(), "-cp", ij.resolve("jars") + "/*:" + ij.resolve("plugins") + "/*",
        "ij.ImageJ", "-ijpath", ij.toString(), "-batch", macro.toString(), args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ij.resolve("imagej.log").toFile());
    pb.environment().put("GLIBC_TUNABLES", "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.arena_max=1");
    Process p = pb.start();
    if (!p.waitFor(15, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("ImageJ did not finish in 15 minutes: " + Files.readString(ij.resolve("imagej.log")));
    }
    return Files.readString(ij.resolve("imagej.log"));
  }
}
