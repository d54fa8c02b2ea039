package org.crossmodal.pacs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Orthanc;
import org.crossmodal.testutil.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures are bounded and clear: refused connections and timeouts are retried with doubling
 * backoff and then reported once; a rejected association is not retried; a failed retrieve names
 * the study and leaves nothing half-written in the cache. Orthanc here checks the called AE title.
 */
class PacsFailureTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static String study;

  @BeforeAll
  static void startOrthanc() throws Exception {
    // NOBODY is an AE Orthanc knows at a port where nothing listens: C-MOVE sub-operations to it fail.
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of("NOBODY", Ports.reserve()), true);
    Pacs pacs = new Pacs(config(orthanc.dicomPort()), Pacs.Method.MOVE, m -> {});
    Path us = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    pacs.send(List.of(us));
    study = pacs.findStudies(QueryFilter.all()).get(0).studyInstanceUid();
  }

  @AfterAll
  static void stopOrthanc() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  static PacsConfig config(int port) {
    return PacsConfig.dimse("127.0.0.1", port, Orthanc.AET, "CROSSMODAL").withTimeout(Duration.ofSeconds(20))
        .withRetries(3, Duration.ofMillis(50));
  }

  @Test
  void aRefusedConnectionIsRetriedWithDoublingBackoffThenReportedOnce() throws Exception {
    int closed = Ports.reserve();
    List<String> log = new ArrayList<>();
    PacsException e = assertThrows(PacsException.class, () -> new Pacs(config(closed), Pacs.Method.MOVE, log::add).echo());
    assertTrue(e.getMessage().contains("connection refused by 127.0.0.1:" + closed), e.getMessage());
    assertTrue(e.getMessage().endsWith("(gave up after 3 attempts)"), e.getMessage());
    assertEquals(2, log.size(), log.toString());
    assertTrue(log.get(0).endsWith("retrying in 50 ms"), log.get(0));
    assertTrue(log.get(1).endsWith("retrying in 100 ms"), log.get(1));
  }

  @Test
  void aWrongCalledAeTitleIsRejectedAndNotRetried() {
    PacsConfig wrong = new PacsConfig("127.0.0.1", orthanc.dicomPort(), "NOT_ORTHANC", "CROSSMODAL", 11113, null,
        Duration.ofSeconds(20), 3, Duration.ofMillis(50));
    List<String> log = new ArrayList<>();
    PacsException e = assertThrows(PacsException.class, () -> new Pacs(wrong, Pacs.Method.MOVE, log::add).findStudies(QueryFilter.all()));
    assertTrue(e.getMessage().contains("association rejected by NOT_ORTHANC@127.0.0.1:" + orthanc.dicomPort()), e.getMessage());
    assertTrue(e.getMessage().contains("called AE title 'NOT_ORTHANC'"), e.getMessage());
    assertEquals(List.of(), log, "a permanent rejection is not retried");
  }

  @Test
  void aServerThatNeverAnswersTimesOutOverDimseAndDicomWeb() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) held.add(silent.accept());
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      PacsConfig c = config(silent.getLocalPort()).withTimeout(Duration.ofMillis(400)).withRetries(2, Duration.ofMillis(10));
      Path cache = tmp.resolve("cache-timeout");
      PacsException dimse = assertThrows(PacsException.class, () -> new Pacs(c, Pacs.Method.MOVE, m -> {}).retrieve(study, cache));
      assertTrue(dimse.getMessage().startsWith("find instances of study " + study + ": no answer from CROSSMODAL".replace("CROSSMODAL",
          Orthanc.AET) + "@127.0.0.1:" + silent.getLocalPort()), dimse.getMessage());
      assertTrue(dimse.getMessage().contains("(timeout) (gave up after 2 attempts)"), dimse.getMessage());
      PacsConfig web = c.withDicomWeb(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/dicom-web"));
      PacsException qido = assertThrows(PacsException.class, () -> new Pacs(web, Pacs.Method.MOVE, m -> {}).findStudies(QueryFilter.all()));
      assertTrue(qido.getMessage().contains("timeout"), qido.getMessage());
      assertNoFiles(cache);
      for (Socket s : held) s.close();
    }
  }

  @Test
  void aFailedMoveNamesTheStudyAndLeavesNothingInTheCache() throws Exception {
    Path cache = tmp.resolve("cache-failed-move");
    PacsConfig toNobody = new PacsConfig("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, "NOBODY", Ports.reserve(), null,
        Duration.ofSeconds(20), 2, Duration.ofMillis(10));
    PacsException e = assertThrows(PacsException.class, () -> new Pacs(toNobody, Pacs.Method.MOVE, m -> {}).retrieve(study, cache));
    assertTrue(e.getMessage().startsWith("study " + study + ": C-MOVE to NOBODY ended with status 0x"), e.getMessage());
    assertTrue(e.getMessage().endsWith("(gave up after 2 attempts)"), e.getMessage());
    assertNoFiles(cache);
  }

  @Test
  void uidsThatAreNotUidsNeverBecomePaths() {
    PacsException e = assertThrows(PacsException.class,
        () -> new Pacs(config(orthanc.dicomPort()), Pacs.Method.MOVE, m -> {}).retrieve("../../etc", tmp.resolve("cache-uid")));
    assertEquals("Study Instance UID '../../etc' is not a valid DICOM UID", e.getMessage());
    assertFalse(Files.exists(tmp.resolve("cache-uid")));
  }

  /** No file at all (complete or temporary) under the cache after a failure. */
  static void assertNoFiles(Path cache) throws IOException {
    if (!Files.exists(cache)) return;
    try (Stream<Path> s = Files.walk(cache)) {
      List<Path> left = s.filter(p -> !p.equals(cache)).toList();
      assertEquals(List.of(), left, "left in the cache after a failure");
    }
  }
}
