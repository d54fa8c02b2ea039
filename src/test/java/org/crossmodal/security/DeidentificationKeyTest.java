package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.cli.CliRun;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The key behind the pseudonyms is a file of its own, outside the export: refused inside the export
 * folder (the error names both paths), created 0600 in a 0700 folder, never copied into the export,
 * and the same key gives the same pseudonyms and UIDs in another export folder.
 */
class DeidentificationKeyTest {
  @TempDir static Path tmp;
  static Path in, model;

  @BeforeAll
  static void inputs() throws Exception {
    in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), in.resolve("echo.dcm"));
    model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
  }

  static CliRun batch(Path out, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("batch", "--model", model.toString(), in.toString(), "--out",
        out.toString(), "--quiet", "--deidentify"));
    args.addAll(List.of(more));
    return CliRun.of(args.toArray(String[]::new));
  }

  @Test
  void aKeyInsideTheExportIsRefusedWithBothPathsNamed() throws Exception {
    Path out = tmp.resolve("refused");
    Path inside = out.resolve("keys/deidentify.key");
    CliRun r = batch(out, "--key-file", inside.toString());
    assertEquals(1, r.exitCode(), r.stderr());
    assertTrue(r.stderr().contains(inside.toString()) && r.stderr().contains(out.toString()), r.stderr());
    assertTrue(r.stderr().contains("inside the export folder"), r.stderr());
    assertFalse(Files.exists(inside), "no key created");
    assertFalse(Files.exists(out.resolve("batch-summary.json")), "nothing exported");

    CliRun none = batch(tmp.resolve("nokey"));
    assertNotEquals(0, none.exitCode());
    assertTrue(none.stderr().contains("--key-file"), none.stderr());
    assertFalse(Files.exists(tmp.resolve("nokey/deidentify.key")));
  }

  @Test
  void theKeyIsCreatedOwnerOnlyStaysOutOfTheExportAndKeepsPseudonymsStable() throws Exception {
    Path key = tmp.resolve("hospital/keys/research.key");
    Path a = tmp.resolve("export-a"), b = tmp.resolve("export-b"), c = tmp.resolve("export-c");
    CliRun first = batch(a, "--key-file", key.toString());
    assertEquals(0, first.exitCode(), first.stderr());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
    String hex = Files.readString(key).strip();
    assertTrue(hex.matches("[0-9a-f]{64}"), "64 hex digits: " + hex.length());
    byte[] raw = HexFormat.of().parseHex(hex);
    try (Stream<Path> s = Files.walk(a)) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        assertFalse(f.getFileName().toString().endsWith(".key"), f.toString());
        byte[] bytes = Files.readAllBytes(f);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertFalse(text.contains(hex) || text.contains(new String(raw, StandardCharsets.ISO_8859_1)), f + " carries the key");
      }
    }
    assertEquals(0, batch(b, "--key-file", key.toString()).exitCode());
    assertEquals(0, batch(c, "--key-file", tmp.resolve("other.key").toString()).exitCode());
    assertEquals(patient(a), patient(b), "same key, same pseudonym and study UID");
    assertNotEquals(patient(a), patient(c), "another key, other pseudonyms");

    // A key others may read is refused before anything is written.
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun open = batch(tmp.resolve("export-d"), "--key-file", key.toString());
    assertEquals(1, open.exitCode());
    assertTrue(open.stderr().contains(key.toString()) && open.stderr().contains("chmod 600"), open.stderr());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));

    // A key an earlier version left inside an export is refused, naming where it is.
    Path legacy = tmp.resolve("export-e");
    Files.createDirectories(legacy);
    Files.write(legacy.resolve("deidentify.key"), raw);
    CliRun old = batch(legacy, "--key-file", key.toString());
    assertEquals(1, old.exitCode());
    assertTrue(old.stderr().contains(legacy.resolve("deidentify.key").toString()), old.stderr());
  }

  /** Study folder name, Patient ID and Study UID of the one exported study (pydicom reads the SEG). */
  private static String patient(Path out) throws Exception {
    Path seg;
    try (Stream<Path> s = Files.walk(out)) {
      seg = s.filter(p -> p.toString().endsWith("-seg.dcm")).findFirst().orElseThrow();
    }
    return seg.getParent().getFileName() + " " + Tools.python(
        "import sys, pydicom; d = pydicom.dcmread(sys.argv[1]); print(d.PatientID, d.StudyInstanceUID)", seg.toString());
  }
}
