package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** `batch --json` for machines: one object per study, then the totals; the exit code says whether any failed. */
@Isolated("runs the command line in-process (System.out, system properties)")
class BatchCommandTest {
  @TempDir Path tmp;

  @Test
  void jsonLinesPerStudyThenTotalsAndExitCodes() throws Exception {
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    Path zip = tmp.resolve("export.zip"); // a PACS export as a zip
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("study/echo.dcm"));
      z.write(Files.readAllBytes(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")));
      z.closeEntry();
    }
    Path out = tmp.resolve("out");
    List<String> lines = run("batch", "--model", model.toString(), zip.toString(), "--out", out.toString(), "--json", "--threads", "1");
    assertEquals(2, lines.size(), lines.toString());
    JsonNode study = Json.MAPPER.readTree(lines.get(0));
    assertEquals("done", study.get("outcome").asText());
    assertEquals(10, study.get("frames").asInt());
    JsonNode totals = Json.MAPPER.readTree(lines.get(1));
    assertEquals(1, totals.get("done").asInt());
    assertEquals(0, totals.get("failed").asInt());
    assertEquals(0, exit);

    // A note next to the studies is passed over, not a failure.
    Path notes = Files.writeString(tmp.resolve("README.txt"), "exported from the PACS on Monday");
    run("batch", "--model", model.toString(), zip.toString(), notes.toString(), "--out", out.toString(), "--quiet");
    assertEquals(0, exit);

    // Quiet: nothing on stdout; a truncated file is a failure, so the exit code is 1.
    Path truncated = DataSet.file("pydicom/MR_truncated.dcm");
    assertEquals(List.of(), run("batch", "--model", model.toString(), zip.toString(), truncated.toString(), "--out",
        out.toString(), "--quiet", "--modalities", "us,mr"));
    assertEquals(1, exit);

    // Without the overlay, under other settings: done again, and no Secondary Capture is written.
    Path plain = tmp.resolve("plain");
    run("batch", "--model", model.toString(), zip.toString(), "--out", plain.toString(), "--no-overlay", "--quiet");
    assertEquals(0, exit);
    try (var s = Files.walk(plain)) {
      List<String> dicom = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dcm")).toList();
      assertEquals(1, dicom.size(), dicom.toString());
      assertTrue(dicom.get(0).endsWith("-seg.dcm"));
    }
  }

  private int exit;

  /** The command line in-process; returns its stdout lines and keeps its exit code. */
  private List<String> run(String... args) {
    CliRun r = CliRun.of(args);
    exit = r.exitCode();
    String text = r.stdout().strip();
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }
}
