package org.crossmodal.io;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the real data set of {@code test-data/manifest.tsv} lives once {@code bin/crossmodal setup}
 * has fetched it: the system property {@code crossmodal.data}, else the environment variable
 * {@code CROSSMODAL_DATA}, else {@code ~/.cache/crossmodal/data}.
 */
public final class DataSet {
  private DataSet() {}

  public static Path root() {
    String prop = System.getProperty("crossmodal.data");
    if (prop != null && !prop.isBlank()) return Path.of(prop);
    String env = System.getenv("CROSSMODAL_DATA");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".cache", "crossmodal", "data");
  }

  /** A path from a configuration: as given when it exists (or is absolute), else relative to the data set. */
  public static Path resolve(String path) {
    Path p = Path.of(path);
    return Files.exists(p) || p.isAbsolute() ? p : root().resolve(path);
  }

  /** A file of the data set, e.g. {@code file("mricron/ch2.nii.gz")}; fails clearly if it was never fetched. */
  public static Path file(String relative) {
    Path p = root().resolve(relative);
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("data set file " + p + " is missing: run 'bin/crossmodal setup' first");
    }
    return p;
  }
}
