package org.crossmodal.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.apache.spark.SparkEnv;

/**
 * Prepares a JVM that runs tasks, once, before its first task starts the engine:
 * <ul>
 *   <li>the driver's {@code crossmodal.*} and {@code ai.djl.*} system properties (limits, memory
 *       budget, engine choices; {@code ai.djl.offline=true}: libtorch comes from the pytorch-native-cpu
 *       jar in the application jar, nothing is downloaded), unless this JVM has its own;
 *   <li>headless AWT (ImageJ resizes images);
 *   <li>on an executor with no {@code DJL_CACHE_DIR} of its own ({@code spark.executorEnv.DJL_CACHE_DIR}):
 *       {@code <java.io.tmpdir>/crossmodal-djl-<user>}, owner-only, where libtorch is unpacked once
 *       per machine and user (≈ 430 MB) rather than into a home folder an executor may not have.
 * </ul>
 * The engine threads are the task's cores ({@code spark.task.cpus}, one by default), passed to the
 * model when it is loaded; libtorch takes its thread count from the first model of the JVM.
 */
final class TaskJvm {
  static final String DJL_CACHE = "DJL_CACHE_DIR";
  private static boolean prepared;

  private TaskJvm() {}

  static synchronized void prepare(Map<String, String> properties) {
    if (prepared) return;
    for (var e : properties.entrySet()) {
      if (System.getProperty(e.getKey()) == null) System.setProperty(e.getKey(), e.getValue());
    }
    if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    if (!inDriver() && System.getenv(DJL_CACHE) == null && System.getProperty(DJL_CACHE) == null) {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "crossmodal-djl-" + System.getProperty("user.name", "user"));
      try {
        if (!Files.isDirectory(dir)) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        System.setProperty(DJL_CACHE, dir.toString());
      } catch (IOException | UnsupportedOperationException e) {
        // DJL's own default (the home folder) then
      }
    }
    prepared = true;
  }

  /** True in the driver's JVM (local[N]): it keeps the user's own DJL cache. */
  static boolean inDriver() {
    SparkEnv env = SparkEnv.get();
    return env == null || "driver".equals(env.executorId());
  }
}
