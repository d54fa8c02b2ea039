package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.crossmodal.cli.Main;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * DICOM values are input we do not control. Real files edited by pydicom (an independent writer) so
 * that their Series Instance UID climbs out with {@code ../../} and their Modality is an absolute
 * path: {@code export}, {@code segment} and {@code batch} write every file inside {@code --out} and
 * nowhere else.
 */
@Isolated("runs the command line in-process (system properties)")
class CraftedNamesTest {
  @TempDir static Path tmp;
  static Path inputs, model, absoluteTarget;

  @BeforeAll
  static void craft() throws Exception {
    inputs = Files.createDirectories(tmp.resolve("work/inputs"));
    absoluteTarget = tmp.resolve("planted");
    model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    String edit = "import pydicom,sys\nd=pydicom.dcmread(sys.argv[1])\nsetattr(d, sys.argv[3], sys.argv[4])\nd.save_as(sys.argv[2])";
    Tools.python(edit, DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString(), inputs.resolve("echo.dcm").toString(),
        "SeriesInstanceUID", "../../escaped-series");
    Tools.python(edit, DataSet.file("pydicom/MR_small.dcm").toString(), inputs.resolve("mr.dcm").toString(), "Modality",
        absoluteTarget.toString());
  }

  @Test
  void exportSegmentAndBatchWriteOnlyInsideTheirOutputFolder() throws Exception {
    Set<Path> before = files(tmp);
    Path out = tmp.resolve("work/out");
    assertEquals(0, Main.run("export", inputs.toString(), "--out", out.resolve("export").toString()));
    assertEquals(0, Main.run("segment", "--model", model.toString(), inputs.toString(), "--out", out.resolve("segment").toString()));
    assertEquals(0, Main.run("batch", "--model", model.toString(), inputs.toString(), "--modalities", "US,MR", "--out",
        out.resolve("batch").toString(), "--quiet"));

    Set<Path> written = files(tmp);
    written.removeAll(before);
    assertFalse(written.isEmpty());
    for (Path p : written) assertTrue(p.startsWith(out), "written outside --out: " + p);
    assertFalse(Files.exists(absoluteTarget.getParent().resolve(absoluteTarget.getFileName() + "_x")), "nothing planted");
    try (Stream<Path> s = Files.list(tmp)) {
      assertEquals(Set.of("tiny.model.zip", "work"), s.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
    }
    // the crafted values gave way to safe names: a hash for the UID, OT for the modality
    assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().matches("US_x[0-9a-f]{16}\\.tif")), written.toString());
    assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().matches("OT_[0-9.]+\\.tif")), written.toString());
    assertTrue(written.stream().anyMatch(p -> p.getFileName().toString().matches("x[0-9a-f]{16}-seg\\.dcm")), written.toString());
  }

  private static Set<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    }
  }
}
