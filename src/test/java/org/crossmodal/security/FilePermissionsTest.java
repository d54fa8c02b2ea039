package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.cli.Main;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs derived from patient images are owner-only: {@code batch}, {@code export} and
 * {@code segment} on the real echo leave every file they write at 0600 and every folder they create
 * at 0700 (the PACS cache is checked in {@code PacsHardeningTest}).
 */
class FilePermissionsTest {
  @TempDir Path tmp;

  @Test
  void everyFileWrittenIsOwnerOnlyAndEveryFolderCreatedToo() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), in.resolve("echo.dcm"));
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    Path out = tmp.resolve("out");
    assertEquals(0, Main.run("batch", "--model", model.toString(), in.toString(), "--out", out.resolve("batch").toString(), "--quiet"));
    assertEquals(0, Main.run("export", in.toString(), "--out", out.resolve("export").toString()));
    assertEquals(0, Main.run("segment", "--model", model.toString(), in.toString(), "--out", out.resolve("segment").toString()));

    List<String> wrong = new ArrayList<>();
    int files = 0;
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.toList()) {
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        boolean folder = Files.isDirectory(p);
        if (!folder) files++;
        if (!mode.equals(folder ? "rwx------" : "rw-------")) wrong.add(out.relativize(p) + " " + mode);
      }
    }
    assertTrue(files >= 6, "batch SEG, overlay, status, summary; export TIFF and index; segment TIFFs: " + files);
    assertEquals(List.of(), wrong, "files must be 0600 and created folders 0700");
  }

  static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
