package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.Orthanc;
import org.crossmodal.testutil.Ports;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** {@code bin/crossmodal pacs echo|find|get|send} in-process against a real Orthanc. */
@Isolated("runs the command line in-process and reads what it printed")
class PacsCommandTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static int scp;
  static String[] us;

  @BeforeAll
  static void startOrthanc() throws Exception {
    scp = Ports.reserve();
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("CROSSMODAL", scp), false);
    us = Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1],stop_before_pixels=True)\n"
        + "print(d.StudyInstanceUID + '|' + str(d.get('PatientName', '')))", DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")
        .toString()).split("\\|");
    assertTrue(us[1].length() >= 4, "the ultrasound has a patient name to hide: " + us[1]);
  }

  @AfterAll
  static void stopOrthanc() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  List<String> connection(String... more) {
    List<String> a = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(orthanc.dicomPort()), "--called-aet",
        Orthanc.AET, "--calling-aet", "CROSSMODAL", "--storage-port", String.valueOf(scp), "--backoff", "50"));
    a.addAll(List.of(more));
    return a;
  }

  String[] pacs(String sub, List<String> args, String... rest) {
    List<String> a = new ArrayList<>(List.of("pacs", sub));
    a.addAll(args);
    a.addAll(List.of(rest));
    return a.toArray(String[]::new);
  }

  @Test
  void echoFindGetAndSendFromTheCommandLine() throws Exception {
    CliRun echo = CliRun.of(pacs("echo", connection()));
    assertEquals(0, echo.exitCode(), echo.stderr());
    assertTrue(echo.stdout().startsWith("ORTHANC@127.0.0.1:" + orthanc.dicomPort() + " answered in "), echo.stdout());

    CliRun send = CliRun.of(pacs("send", connection(), DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString()));
    assertEquals(0, send.exitCode(), send.stderr());
    assertEquals("stored 1 instances on ORTHANC@127.0.0.1:" + orthanc.dicomPort(), send.stdout().strip());

    for (List<String> via : List.of(connection(), connection("--dicomweb", orthanc.dicomWeb().toString()))) {
      CliRun find = CliRun.of(pacs("find", via, "--json"));
      assertEquals(0, find.exitCode(), find.stderr());
      List<String> lines = find.stdout().lines().toList();
      assertEquals(1, lines.size(), find.stdout());
      JsonNode study = Json.MAPPER.readTree(lines.get(0));
      assertEquals(us[0], study.get("studyInstanceUid").asText());
      assertEquals("US", study.get("modalities").get(0).asText());
      assertEquals(1, study.get("series").asInt());
      assertEquals(1, study.get("instances").asInt());
      assertFalse(study.has("patientName") || study.has("patientId"));
      assertFalse(find.stdout().contains(us[1]) || find.stderr().contains(us[1]), "the patient name was printed");
      CliRun shown = CliRun.of(pacs("find", via, "--json", "--show-patient"));
      assertEquals(us[1], Json.MAPPER.readTree(shown.stdout().lines().findFirst().orElseThrow()).get("patientName").asText());
    }

    Path cache = tmp.resolve("cache");
    CliRun first = CliRun.of(pacs("get", connection(), us[0], "--cache", cache.toString()));
    assertEquals(0, first.exitCode(), first.stderr());
    assertTrue(first.stdout().startsWith(us[0] + "  instances=1  transferred=1  cached=0"), first.stdout());
    CliRun second = CliRun.of(pacs("get", connection(), us[0], "--cache", cache.toString(), "--method", "get"));
    assertEquals(0, second.exitCode(), second.stderr());
    assertTrue(second.stdout().startsWith(us[0] + "  instances=1  transferred=0  cached=1"), second.stdout());
    assertTrue(second.stderr().contains("nothing transferred"), second.stderr());
  }

  @Test
  void failuresExitNonZeroWithOneLineNamingTheCause() throws Exception {
    int closed = Ports.reserve();
    CliRun refused = CliRun.of("pacs", "echo", "--port", String.valueOf(closed), "--retries", "2", "--backoff", "10");
    assertEquals(1, refused.exitCode());
    assertTrue(refused.stderr().contains("crossmodal pacs echo: echo ORTHANC@127.0.0.1:" + closed + ": connection refused"), refused.stderr());
    CliRun missing = CliRun.of(pacs("get", connection(), "1.2.3.4", "--cache", tmp.resolve("cache-missing").toString()));
    assertEquals(1, missing.exitCode());
    assertTrue(missing.stderr().contains("crossmodal pacs get: study 1.2.3.4: not found on ORTHANC@127.0.0.1:"), missing.stderr());
  }
}
