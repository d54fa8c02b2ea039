package org.crossmodal.pacs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Orthanc;
import org.crossmodal.testutil.Ports;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our C-MOVE storage SCP against a hostile peer on 127.0.0.1: dcmtk's storescu sends real ultrasound
 * whose SOP Instance UID (and so the Affected SOP Instance UID of the C-STORE) climbs out of the
 * staging folder, once under a stranger's AE title and once under the PACS's own. Nothing is written
 * outside the staging folder, a file planted two folders up keeps its bytes, nothing is filed, and a
 * real C-MOVE from Orthanc into the same cache still works.
 */
class StorageScpTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static PacsConfig config;
  static Path echo;

  @BeforeAll
  static void startOrthanc() throws Exception {
    int scp = Ports.reserve();
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(PacsConfig.DEFAULT_CALLING_AET, scp), false);
    config = PacsConfig.dimse("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, PacsConfig.DEFAULT_CALLING_AET).withStoragePort(scp)
        .withTimeout(Duration.ofSeconds(30)).withRetries(1, Duration.ZERO);
    echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    new Pacs(config, Pacs.Method.MOVE, m -> {}).send(List.of(echo));
  }

  @AfterAll
  static void stopOrthanc() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  @Test
  void aPeersUidNeverBecomesAPathAndStrangersAreRefused() throws Exception {
    Path top = Files.createDirectories(tmp.resolve("a/b"));
    Path cacheDir = top.resolve("cache");
    Path victim = Files.writeString(top.resolve("victim.txt"), "original");
    Path craft = Files.createDirectories(tmp.resolve("crafted"));
    String edit = "import pydicom,sys\nd=pydicom.dcmread(sys.argv[1])\nd.SOPInstanceUID=sys.argv[3]\n"
        + "d.file_meta.MediaStorageSOPInstanceUID=sys.argv[3]\nd.save_as(sys.argv[2])";
    Path overwrite = craft.resolve("overwrite.dcm"), escape = craft.resolve("escape.dcm");
    Tools.python(edit, echo.toString(), overwrite.toString(), "../../victim.txt");
    Tools.python(edit, echo.toString(), escape.toString(), "../../newdir/scp-escaped");

    String[] uids = Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1],stop_before_pixels=True)\n"
        + "print(d.StudyInstanceUID,d.SeriesInstanceUID,d.SOPInstanceUID,d.SOPClassUID)", echo.toString()).split(" ");
    InstanceRef real = new InstanceRef(uids[0], uids[1], uids[2], uids[3]);
    StudyCache cache = new StudyCache(cacheDir);
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    try (StudyCache.Staging staging = cache.staging()) {
      CacheFiler filer = new CacheFiler(cache, List.of(real), Orthanc.AET, log::add);
      try (StorageReceiver scp = StorageReceiver.start(config, filer, staging.dir())) {
        storescu("EVIL", overwrite);
        storescu(Orthanc.AET, escape); // the PACS's AE title, spoofed
        storescu(Orthanc.AET, overwrite);
      }
      assertEquals(0, filer.received());
      assertEquals(List.of(), filer.errors());
      try (Stream<Path> s = Files.walk(top)) {
        List<Path> files = s.filter(Files::isRegularFile).toList();
        assertEquals(List.of(victim), files, "nothing but the planted file, in place");
      }
    }
    assertEquals("original", Files.readString(victim));
    assertFalse(Files.exists(top.resolve("newdir")));
    assertEquals(3, log.size(), log.toString());
    assertTrue(log.get(0).contains("from AE 'EVIL'"), log.toString());
    assertTrue(log.stream().skip(1).allMatch(l -> l.contains("is not a valid DICOM UID")), log.toString());

    Pacs.Retrieval r = new Pacs(config, Pacs.Method.MOVE, m -> {}).retrieve(real.studyInstanceUid(), cacheDir);
    assertEquals(1, r.transferred());
    assertTrue(Files.isRegularFile(cache.pathOf(real)));
    assertEquals("original", Files.readString(victim));
  }

  @Test
  void stagedFilesAreNamedByUsNotByThePeer() {
    StagingNames names = new StagingNames();
    java.io.File folder = tmp.resolve("staging").toFile();
    java.io.File a = names.makeReliableStoredFilePathWithFoldersCreated(folder, "../../victim.txt");
    java.io.File b = names.makeReliableStoredFilePathWithFoldersCreated(folder, "/etc/passwd");
    assertEquals(folder, a.getParentFile());
    assertEquals(folder, b.getParentFile());
    assertNotEquals(a, b);
    assertTrue(a.getName().matches("received-[0-9]+\\.dcm"), a.getName());
  }

  private static void storescu(String callingAet, Path file) throws Exception {
    Tools.ok("storescu", "-xr", "-aet", callingAet, "-aec", PacsConfig.DEFAULT_CALLING_AET, "127.0.0.1", "" + config.storagePort(),
        file.toString());
  }
}
