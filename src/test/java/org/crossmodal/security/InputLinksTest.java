package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.crossmodal.cli.CliRun;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An input folder holds the real echo, a link to it inside the folder, and a link {@code leak.dcm}
 * to another patient's MR outside the folder. {@code studies} and {@code batch} read the echo (the
 * inside link too) and never the MR: the outside link is named as not followed. ({@code pacs send}
 * is checked against Orthanc in {@code PacsHardeningTest}.)
 */
class InputLinksTest {
  @TempDir static Path tmp;
  static Path in, outsideUid;

  @BeforeAll
  static void folder() throws Exception {
    in = Files.createDirectories(tmp.resolve("in"));
    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), in.resolve("echo.dcm"));
    Files.createSymbolicLink(in.resolve("same-echo.dcm"), Path.of("echo.dcm"));
    Path mr = Files.copy(DataSet.file("pydicom/MR_small.dcm"), elsewhere.resolve("other-patient.dcm"));
    Files.createSymbolicLink(in.resolve("leak.dcm"), mr);
    outsideUid = mr;
  }

  @Test
  void studiesListsNothingFromOutsideTheFolder() {
    CliRun r = CliRun.of("studies", in.toString(), "--json");
    assertTrue(r.stdout().contains("US"), r.stdout());
    assertFalse(r.stdout().contains("\"MR\""), "the MR outside the folder was read: " + r.stdout());
    assertTrue(r.stdout().contains(in.resolve("leak.dcm") + ": a link leading out of " + in + "; not followed"), r.stdout());
  }

  @Test
  void batchSegmentsNothingFromOutsideTheFolder() throws Exception {
    Path out = tmp.resolve("out");
    CliRun r = CliRun.of("batch", "--model", TinyModel.save(tmp.resolve("tiny.model.zip"), 0).toString(), in.toString(),
        "--modalities", "US,MR", "--out", out.toString(), "--json");
    assertTrue(r.stdout().contains("\"done\":1"), r.stdout());
    assertTrue(r.stdout().contains("leak.dcm: a link leading out of"), r.stdout());
    try (Stream<Path> s = Files.walk(out)) {
      assertEquals(1, s.filter(p -> p.toString().endsWith("-seg.dcm")).count(), "one SEG: the echo's");
    }
  }
}
