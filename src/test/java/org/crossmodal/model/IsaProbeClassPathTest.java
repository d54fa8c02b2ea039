package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-test's child JVMs load the project and DJL from where this JVM found them, not from
 * {@code java.class.path}: on a Spark executor that is Spark's jars (the project comes in the
 * application jar on another loader), and a jar there can hold another version of a class of ours
 * or of a library. Here {@code java.class.path} names such a jar, with an {@code IsaSelfTest} that
 * only fails: children started from {@code java.class.path} would run it and the self-test would
 * report its reference as failed.
 */
class IsaProbeClassPathTest {
  @TempDir Path dir;

  @Test
  void childrenIgnoreTheClassPathOfWhoeverStartedThisJvm() throws Exception {
    Path decoy = decoyJar();
    String saved = System.getProperty("java.class.path");
    System.setProperty("java.class.path", decoy + File.pathSeparator + dir.resolve("spark-home/jars/*"));
    try {
      // The real self-test at small shapes, its children started while java.class.path is the decoy's.
      UNetConfig small = new UNetConfig(1, 16, 1, 3, 0, 1);
      IsaVerdict v = IsaProbe.run(CpuFeatures.current(), 1, false, small, 32, 2, false);
      assertFalse(v.reason().contains("failed"), v.reason());
      assertEquals("Intel AVX2", v.onednnIsa().get("AVX2"), v.reason());

      String cp = IsaProbe.classPath(Engines.class.getClassLoader());
      List<String> entries = Arrays.asList(cp.split(File.pathSeparator));
      assertFalse(entries.contains(decoy.toString()), cp);
      assertFalse(cp.contains("spark-home"), cp);
      assertTrue(entries.contains(codeSource(IsaSelfTest.class)), cp);
      assertTrue(entries.contains(codeSource(ai.djl.engine.Engine.class)), cp);
      assertTrue(entries.contains(codeSource(ai.djl.pytorch.engine.PtEngine.class)), cp);
    } finally {
      System.setProperty("java.class.path", saved);
    }
  }

  @Test
  void childrenUnpackAndFindLibtorchWhereThisJvmDoes() {
    String saved = System.getProperty("DJL_CACHE_DIR");
    System.setProperty("DJL_CACHE_DIR", dir.resolve("executor-cache").toString());
    try {
      List<String> cmd = IsaProbe.command("x.jar", dir.resolve("out.bin"), new String[] {"2", "32"}, true);
      assertTrue(cmd.contains("-DDJL_CACHE_DIR=" + dir.resolve("executor-cache")), cmd.toString());
      assertEquals(List.of("-cp", "x.jar", IsaSelfTest.class.getName()), cmd.subList(cmd.indexOf("-cp"), cmd.indexOf("-cp") + 3));
      assertEquals("bf16", cmd.get(cmd.size() - 1));
    } finally {
      if (saved == null) System.clearProperty("DJL_CACHE_DIR");
      else System.setProperty("DJL_CACHE_DIR", saved);
    }
  }

  private static String codeSource(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  /** A jar with {@code org.crossmodal.model.IsaSelfTest} whose main exits 3. */
  private Path decoyJar() throws IOException {
    Path src = Files.createDirectories(dir.resolve("decoy-src/org/crossmodal/model")).resolve("IsaSelfTest.java");
    Files.writeString(src, "package org.crossmodal.model; public class IsaSelfTest { public static void main(String[] a) {"
        + " System.out.println(\"another IsaSelfTest\"); System.exit(3); } }");
    Path classes = Files.createDirectories(dir.resolve("decoy-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertNotNull(javac, "a JDK runs the tests");
    assertEquals(0, javac.run(null, null, null, "-d", classes.toString(), src.toString()));
    Path jar = Files.createDirectories(dir.resolve("spark-home/jars")).resolve("old-crossmodal.jar");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o)) {
      j.putNextEntry(new JarEntry("org/crossmodal/model/IsaSelfTest.class"));
      Files.copy(classes.resolve("org/crossmodal/model/IsaSelfTest.class"), j);
      j.closeEntry();
    }
    return jar;
  }
}
