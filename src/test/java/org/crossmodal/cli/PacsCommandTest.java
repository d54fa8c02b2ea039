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
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/crossmodal pacs echo|find|get|send} in-process against a real Orthanc. */
class PacsCommandTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static int scp;
  static String[] us;

  @BeforeAll
  static void startOrthanc() throws Exception {
    scp = Orthanc.freePort();
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

  /** stdout and stderr of one in-process run, and its exit code. */
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      int code = Main.run(args);
      return new Run(code, o.toString(), e.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
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
    Run echo = run(pacs("echo", connection()));
    assertEquals(0, echo.exit(), echo.err());
    assertTrue(echo.out().startsWith("ORTHANC@127.0.0.1:" + orthanc.dicomPort() + " answered in "), echo.out());

    Run send = run(pacs("send", connection(), DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString()));
    assertEquals(0, send.exit(), send.err());
    assertEquals("stored 1 instances on ORTHANC@127.0.0.1:" + orthanc.dicomPort(), send.out().strip());

    for (List<String> via : List.of(connection(), connection("--dicomweb", orthanc.dicomWeb().toString()))) {
      Run find = run(pacs("find", via, "--json"));
      assertEquals(0, find.exit(), find.err());
      List<String> lines = find.out().lines().toList();
      assertEquals(1, lines.size(), find.out());
      JsonNode study = Json.MAPPER.readTree(lines.get(0));
      assertEquals(us[0], study.get("studyInstanceUid").asText());
      assertEquals("US", study.get("modalities").get(0).asText());
      assertEquals(1, study.get("series").asInt());
      assertEquals(1, study.get("instances").asInt());
      assertFalse(study.has("patientName") || study.has("patientId"));
      assertFalse(find.out().contains(us[1]) || find.err().contains(us[1]), "the patient name was printed");
      Run shown = run(pacs("find", via, "--json", "--show-patient"));
      assertEquals(us[1], Json.MAPPER.readTree(shown.out().lines().findFirst().orElseThrow()).get("patientName").asText());
    }

    Path cache = tmp.resolve("cache");
    Run first = run(pacs("get", connection(), us[0], "--cache", cache.toString()));
    assertEquals(0, first.exit(), first.err());
    assertTrue(first.out().startsWith(us[0] + "  instances=1  transferred=1  cached=0"), first.out());
    Run second = run(pacs("get", connection(), us[0], "--cache", cache.toString(), "--method", "get"));
    assertEquals(0, second.exit(), second.err());
    assertTrue(second.out().startsWith(us[0] + "  instances=1  transferred=0  cached=1"), second.out());
    assertTrue(second.err().contains("nothing transferred"), second.err());
  }

  @Test
  void failuresExitNonZeroWithOneLineNamingTheCause() throws Exception {
    int closed = Orthanc.freePort();
    Run refused = run("pacs", "echo", "--port", String.valueOf(closed), "--retries", "2", "--backoff", "10");
    assertEquals(1, refused.exit());
    assertTrue(refused.err().contains("crossmodal pacs echo: echo ORTHANC@127.0.0.1:" + closed + ": connection refused"), refused.err());
    Run missing = run(pacs("get", connection(), "1.2.3.4", "--cache", tmp.resolve("cache-missing").toString()));
    assertEquals(1, missing.exit());
    assertTrue(missing.err().contains("crossmodal pacs get: study 1.2.3.4: not found on ORTHANC@127.0.0.1:"), missing.err());
  }
}
