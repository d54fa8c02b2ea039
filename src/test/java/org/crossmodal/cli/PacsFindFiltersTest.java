package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.Orthanc;
import org.crossmodal.testutil.Ports;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * {@code pacs find --date} and {@code --patient-id} against a real Orthanc holding three studies
 * planted with pydicom: A (patient P-ONE, 2024-01-02), B (P-ONE, 2024-03-15), C (P-TWO, 2024-01-02).
 * Which studies each filter must return is known from what was planted, over DIMSE and DICOMweb.
 */
@Isolated("runs the command line in-process and reads what it printed")
class PacsFindFiltersTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;

  @BeforeAll
  static void plantThreeStudies() throws Exception {
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("CROSSMODAL", Ports.reserve()), false);
    String plant = """
        import sys, pydicom
        from pydicom.uid import generate_uid
        d = pydicom.dcmread(sys.argv[1])
        d.StudyInstanceUID = '1.2.826.0.1.3680043.8.498.' + sys.argv[3]
        d.SeriesInstanceUID = generate_uid(); d.SOPInstanceUID = generate_uid(); d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
        d.PatientID = sys.argv[4]; d.PatientName = 'TEST^' + sys.argv[4]; d.StudyDate = sys.argv[5]
        d.save_as(sys.argv[2])
        """;
    Path mr = DataSet.file("pydicom/MR_small.dcm");
    List<String> files = new ArrayList<>();
    for (String[] s : new String[][] {{"1", "P-ONE", "20240102"}, {"2", "P-ONE", "20240315"}, {"3", "P-TWO", "20240102"}}) {
      Path f = tmp.resolve("study-" + s[0] + ".dcm");
      Tools.python(plant, mr.toString(), f.toString(), s[0], s[1], s[2]);
      files.add(f.toString());
    }
    List<String> send = new ArrayList<>(List.of("pacs", "send"));
    send.addAll(connection(false));
    send.addAll(files);
    CliRun r = CliRun.of(send.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.stderr());
  }

  @AfterAll
  static void stop() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  static List<String> connection(boolean web) {
    List<String> a = new ArrayList<>(List.of("--host", "127.0.0.1", "--port", String.valueOf(orthanc.dicomPort()), "--called-aet",
        Orthanc.AET, "--calling-aet", "CROSSMODAL"));
    if (web) a.addAll(List.of("--dicomweb", orthanc.dicomWeb().toString()));
    return a;
  }

  /** The study numbers (last UID component) that {@code find} with these options returns. */
  static Set<String> find(boolean web, String... options) throws Exception {
    List<String> a = new ArrayList<>(List.of("pacs", "find"));
    a.addAll(connection(web));
    a.add("--json");
    a.addAll(List.of(options));
    CliRun r = CliRun.of(a.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.stderr());
    Set<String> out = new TreeSet<>();
    for (String line : r.stdout().lines().toList()) {
      String uid = Json.MAPPER.readTree(line).get("studyInstanceUid").asText();
      assertTrue(uid.startsWith("1.2.826.0.1.3680043.8.498."), "a study nobody planted: " + uid);
      out.add(uid.substring(uid.lastIndexOf('.') + 1));
    }
    return out;
  }

  @ParameterizedTest(name = "dicomweb={0}")
  @ValueSource(booleans = {false, true})
  void dateAndPatientIdFiltersReturnExactlyThePlantedStudies(boolean web) throws Exception {
    assertEquals(Set.of("1", "2", "3"), find(web), "no filter");
    assertEquals(Set.of("1", "3"), find(web, "--date", "20240102"), "one date");
    assertEquals(Set.of("2"), find(web, "--date", "20240301-20240331"), "a range");
    assertEquals(Set.of("1", "3"), find(web, "--date", "20231201-20240131"), "a range around one date");
    assertEquals(Set.of(), find(web, "--date", "20250101"), "a date with no study");
    assertEquals(Set.of("1", "2"), find(web, "--patient-id", "P-ONE"), "one patient");
    assertEquals(Set.of("3"), find(web, "--patient-id", "P-TWO"));
    assertEquals(Set.of("1"), find(web, "--patient-id", "P-ONE", "--date", "20240102"), "both");
    assertEquals(Set.of(), find(web, "--patient-id", "P-NONE"), "an unknown patient");
  }
}
