package org.crossmodal.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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

  @Test
  void dataSetFilesArePresentAfterSetup() {
    assertTrue(Files.isRegularFile(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")));
    assertThrows(IllegalStateException.class, () -> DataSet.file("no/such/file.dcm"));
  }
}
