package org.crossmodal.spark;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where this module's build put the application jar and the Spark home: the system properties
 * {@code crossmodal.spark.appJar} and {@code crossmodal.spark.home} when set, else next to this
 * module's jar (or classes) in {@code spark/target/}.
 */
final class ModuleFiles {
  static final String APP_JAR = "crossmodal.spark.appJar";
  static final String SPARK_HOME = "crossmodal.spark.home";

  private ModuleFiles() {}

  /** The application jar that executors load the project from, or null when there is none (e.g. under spark-submit). */
  static Path appJar() {
    Path p = property(APP_JAR);
    if (p == null) {
      Path target = target();
      p = target == null ? null : target.resolve("CrossModal_Transfer_Spark-app.jar");
    }
    return p != null && Files.isRegularFile(p) ? p : null;
  }

  /** A folder with Spark's jars in {@code jars/}. */
  static Path sparkHome() throws IOException {
    Path p = property(SPARK_HOME);
    if (p == null) {
      Path target = target();
      p = target == null ? null : target.resolve("spark-home");
    }
    if (p == null || !Files.isDirectory(p.resolve("jars"))) {
      throw new IOException("no Spark home with jars/ (" + p + "); build the Spark module: mvn -f reactor.xml package");
    }
    return p;
  }

  private static Path property(String name) {
    String v = System.getProperty(name);
    return v == null || v.isBlank() ? null : Path.of(v);
  }

  /** spark/target, from where this class was loaded (target/classes or target/CrossModal_Transfer_Spark.jar). */
  private static Path target() {
    try {
      var source = ModuleFiles.class.getProtectionDomain().getCodeSource();
      if (source == null) return null;
      Path p = Path.of(source.getLocation().toURI());
      return p.getParent();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
  }
}
