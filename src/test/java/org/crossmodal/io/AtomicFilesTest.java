package org.crossmodal.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void failedWriteLeavesNeitherTargetNorTemporaryFile() throws IOException {
    Path target = dir.resolve("out.json");
    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write(1);
      throw new IOException("disk full");
    }));
    assertFalse(Files.exists(target));
    try (var files = Files.list(dir)) {
      assertEquals(0, files.count(), "temporary file left behind");
    }
  }

  @Test
  void failedRewriteKeepsThePreviousContent() throws IOException {
    Path target = dir.resolve("out.bin");
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
      out.write(9);
      throw new IOException("killed");
    }));
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
  }

  @Test
  void namesFromInputsStayUnderTheirRoot() throws IOException {
    Path out = dir.resolve("out");
    assertEquals(out.resolve("a").resolve("b.tif"), AtomicFiles.under(out, "a", "b.tif"));
    for (String bad : new String[] {"..", ".", "", "../x", "a/b", "/etc/passwd", "a\\b", "x\0y"}) {
      IOException e = assertThrows(IOException.class, () -> AtomicFiles.under(out, bad), bad);
      assertTrue(e.getMessage().startsWith("refused to write"), e.getMessage());
    }
    IOException climb = assertThrows(IOException.class, () -> AtomicFiles.write(out.resolve("../escaped.bin"), new byte[] {1}));
    assertTrue(climb.getMessage().contains("climbs out"), climb.getMessage());
    assertFalse(Files.exists(dir.resolve("escaped.bin")));
  }

  @Test
  void safeNamesKeepUidsAndModalitiesAndHashTheRest() {
    assertEquals("1.2.840.10008.5.1", SafeNames.uid("1.2.840.10008.5.1"));
    assertEquals("MR", SafeNames.modality("MR"));
    assertEquals("OT", SafeNames.modality("/tmp/evil"));
    assertEquals("OT", SafeNames.modality("../x"));
    String a = SafeNames.uid("../../victim"), b = SafeNames.uid("../../other");
    assertTrue(a.matches("x[0-9a-f]{16}"), a);
    assertNotEquals(a, b);
    assertEquals(a, SafeNames.uid("../../victim"), "the same value, the same name");
    assertTrue(SafeNames.uid("1." + "2".repeat(70)).startsWith("x"), "longer than 64 characters is not a UID");
  }

  /**
   * Every file of test-data/manifest.tsv is where DataSet says, with the manifest's SHA-256 (sha256sum's, not ours);
   * rows of an optional group (8th column, fetched by {@code bin/setup --with GROUP}) only when they were fetched.
   */
  @Test
  void dataSetFilesArePresentAfterSetupWithTheirManifestChecksums() throws Exception {
    List<String> wrong = new ArrayList<>();
    int files = 0;
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("test-data/manifest.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) continue;
      String[] f = line.split("\t");
      boolean optional = f.length > 7 && !f[7].isBlank();
      if (optional && !java.nio.file.Files.exists(DataSet.root().resolve(f[0]))) continue;
      expected.put(f[0], f[5]);
    }
    List<String> cmd = new ArrayList<>(List.of("sha256sum"));
    for (String relative : expected.keySet()) cmd.add(DataSet.file(relative).toString());
    for (String line : org.crossmodal.testutil.Tools.ok(cmd.toArray(String[]::new)).split("\n")) {
      String[] f = line.split("\\s+", 2);
      String relative = DataSet.root().relativize(Path.of(f[1])).toString();
      files++;
      if (!f[0].equals(expected.get(relative))) wrong.add(relative + " " + f[0]);
    }
    assertEquals(expected.size(), files);
    assertTrue(files >= 80, "the manifest lists " + files + " files");
    assertEquals(List.of(), wrong, "files whose content is not the manifest's");
    IllegalStateException missing = assertThrows(IllegalStateException.class, () -> DataSet.file("no/such/file.dcm"));
    assertTrue(missing.getMessage().contains("no/such/file.dcm") && missing.getMessage().contains("bin/crossmodal setup"),
        missing.getMessage());
  }
}
