package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crossmodal.io.Hashes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fiji-install into a Fiji.app that already holds some of the plugin's libraries, in the same, an
 * older and an older-major version, and its own SLF4J binding: every difference is reported with
 * what was chosen, nothing of Fiji's is replaced, and --remove leaves the folder exactly as it was.
 */
class FijiInstallTest {
  @TempDir Path tmp;

  static Path jar(Path dir, String name) throws Exception {
    Files.createDirectories(dir);
    return Files.writeString(dir.resolve(name), "jar " + name);
  }

  /** Every file under {@code dir} with its SHA-256. */
  static Map<String, String> snapshot(Path dir) throws Exception {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) out.put(dir.relativize(p).toString(), Hashes.sha256(p));
    }
    return out;
  }

  @Test
  void reportsEveryLibraryFijiHasInAnotherVersionKeepsFijisAndRemovesCleanly() throws Exception {
    Path fiji = tmp.resolve("Fiji.app");
    jar(fiji.resolve("jars"), "ij-1.54f.jar");
    jar(fiji.resolve("jars"), "jackson-core-2.12.3.jar");
    jar(fiji.resolve("jars"), "slf4j-api-1.7.36.jar");
    jar(fiji.resolve("jars"), "logback-classic-1.2.12.jar");
    jar(fiji.resolve("jars"), "picocli-4.7.6.jar");
    jar(fiji.resolve("jars/bio-formats"), "commons-lang3-3.12.0.jar");
    jar(fiji.resolve("plugins"), "Some_Plugin-1.0.jar");
    Map<String, String> before = snapshot(fiji);

    Path lib = tmp.resolve("lib");
    for (String n : new String[] {"ij-1.54p.jar", "jackson-core-2.17.2.jar", "slf4j-api-2.0.16.jar", "slf4j-simple-2.0.16.jar",
        "picocli-4.7.6.jar", "commons-lang3-3.17.0.jar", "pixelmed-20240918.jar", "api-0.36.0.jar"}) {
      jar(lib, n);
    }
    Path plugin = jar(tmp.resolve("target"), "CrossModal_Transfer.jar");

    CliRun run = CliRun.of("fiji-install", fiji.toString(), "--plugin-jar", plugin.toString(), "--libs", lib.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    String out = run.stdout();
    assertTrue(out.contains("differs  jackson-core: the folder has 2.12.3 (jars/jackson-core-2.12.3.jar), the plugin was built with "
        + "2.17.2; kept the folder's\n"), out);
    assertTrue(out.contains("DIFFERS  slf4j-api: the folder has 1.7.36 (jars/slf4j-api-1.7.36.jar), the plugin was built with 2.0.16; "
        + "kept the folder's (a different major version"), out);
    assertTrue(out.contains("differs  commons-lang3: the folder has 3.12.0 (jars/bio-formats/commons-lang3-3.12.0.jar)"), out);
    assertTrue(out.contains("skipped  slf4j-simple-2.0.16.jar: the folder logs through its own SLF4J binding "
        + "(jars/logback-classic-1.2.12.jar)"), out);
    assertTrue(out.contains("skipped  ij-1.54p.jar: ImageJ itself is the host's (jars/ij-1.54f.jar)"), out);
    assertFalse(out.contains("picocli"), "the same version is nothing to report: " + out);
    assertTrue(out.contains("installed: plugins/CrossModal_Transfer.jar and 2 libraries in jars/ (4 already there, 3 of them in "
        + "another version, listed above)"), out);
    assertTrue(out.contains("to remove it: bin/crossmodal fiji-install --remove " + fiji), out);

    Map<String, String> after = snapshot(fiji);
    for (var e : before.entrySet()) assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + " of Fiji's was changed");
    assertTrue(after.containsKey("plugins/CrossModal_Transfer.jar"));
    assertTrue(after.containsKey("jars/pixelmed-20240918.jar") && after.containsKey("jars/api-0.36.0.jar"));
    assertFalse(after.containsKey("jars/jackson-core-2.17.2.jar") || after.containsKey("jars/slf4j-simple-2.0.16.jar"));
    String record = Files.readString(fiji.resolve(FijiInstallCommand.RECORD));
    assertEquals(3, record.lines().filter(l -> !l.startsWith("#")).count(), record);

    // Installing again replaces the earlier installation instead of piling up.
    run = CliRun.of("fiji-install", fiji.toString(), "--plugin-jar", plugin.toString(), "--libs", lib.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().startsWith("an earlier installation is recorded in CrossModal_Transfer.installed.txt: removing it first"));

    run = CliRun.of("fiji-install", "--remove", fiji.toString());
    assertEquals(0, run.exitCode(), run.stderr());
    assertTrue(run.stdout().contains("removed 3 files of CrossModal Transfer"), run.stdout());
    assertEquals(before, snapshot(fiji), "the folder is as it was before the installation");
  }

  @Test
  void removeLeavesAFileChangedSinceAndSaysSo() throws Exception {
    Path fiji = Files.createDirectories(tmp.resolve("ImageJ"));
    Path lib = tmp.resolve("lib");
    jar(lib, "pixelmed-20240918.jar");
    Path plugin = jar(tmp.resolve("target"), "CrossModal_Transfer.jar");
    assertEquals(0, CliRun.of("fiji-install", fiji.toString(), "--plugin-jar", plugin.toString(), "--libs", lib.toString()).exitCode());
    Files.writeString(fiji.resolve("jars/pixelmed-20240918.jar"), "patched by hand");
    CliRun run = CliRun.of("fiji-install", "--remove", fiji.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.stdout().contains("left     jars/pixelmed-20240918.jar: changed since it was installed"), run.stdout());
    assertTrue(Files.exists(fiji.resolve("jars/pixelmed-20240918.jar")));
    assertFalse(Files.exists(fiji.resolve("plugins/CrossModal_Transfer.jar")));
  }
}
