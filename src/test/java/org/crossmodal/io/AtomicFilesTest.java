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
  void dataSetFilesArePresentAfterSetup() {
    assertTrue(Files.isRegularFile(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")));
    assertThrows(IllegalStateException.class, () -> DataSet.file("no/such/file.dcm"));
  }
}
