package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.crossmodal.cli.CliRun;
import org.crossmodal.io.DataSet;
import org.crossmodal.pacs.InstanceRef;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PacsConfig;
import org.crossmodal.pacs.PacsException;
import org.crossmodal.testutil.Orthanc;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PACS client against a real Orthanc on 127.0.0.1 with HTTP authentication on: DICOMweb
 * credentials from an owner-only file, the environment or the URL, and in no line printed; a warning
 * for plain http to another machine; answers larger than the bound refused (Orthanc's own, and a
 * hostile server on 127.0.0.1 that never stops sending); the cache owner-only; a link out of a folder
 * given to {@code pacs send} refuses the send.
 */
class PacsHardeningTest {
  static final String USER = "alice", PASSWORD = "s3cret-Pa55-4711";
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static int scp;
  static String studyUid;

  @BeforeAll
  static void start() throws Exception {
    scp = Orthanc.freePort();
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(PacsConfig.DEFAULT_CALLING_AET, scp), false,
        Map.of("AuthenticationEnabled", true, "RegisteredUsers", Map.of(USER, PASSWORD)))
        .withRestCredentials(USER + ":" + PASSWORD);
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    assertEquals(0, CliRun.of("pacs", "send", "--port", "" + orthanc.dicomPort(), echo.toString()).exitCode());
    studyUid = "999.999.3859744";
  }

  @AfterAll
  static void stop() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  static String[] find(String... more) {
    List<String> a = new ArrayList<>(List.of("pacs", "find", "--port", "" + orthanc.dicomPort(), "--retries", "1", "--json"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void credentialsComeFromAFileTheEnvironmentOrTheUrlAndAreNeverPrinted() throws Exception {
    String url = orthanc.dicomWeb().toString();
    CliRun without = CliRun.of(find("--dicomweb", url));
    assertEquals(1, without.exitCode());
    assertTrue(without.stderr().contains("HTTP 401"), without.stderr());

    Path file = tmp.resolve("dicomweb.credentials");
    Files.writeString(file, USER + ":" + PASSWORD + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun open = CliRun.of(find("--dicomweb", url, "--dicomweb-auth-file", file.toString()));
    assertEquals(1, open.exitCode());
    assertTrue(open.stderr().contains("chmod 600 " + file), open.stderr());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CliRun fromFile = CliRun.of(find("--dicomweb", url, "--dicomweb-auth-file", file.toString()));
    assertEquals(0, fromFile.exitCode(), fromFile.stderr());
    assertTrue(fromFile.stdout().contains(studyUid), fromFile.stdout());

    // In the URL: it works, and neither the found studies, nor an error, nor a retry line shows the password.
    String inUrl = url.replace("http://", "http://" + USER + ":" + PASSWORD + "@");
    CliRun fromUrl = CliRun.of(find("--dicomweb", inUrl));
    assertEquals(0, fromUrl.exitCode(), fromUrl.stderr());
    CliRun missing = CliRun.of("pacs", "get", "--dicomweb", inUrl, "--retries", "2", "--backoff", "10", "--cache",
        tmp.resolve("c0").toString(), "1.2.3.4");
    CliRun refused = CliRun.of("pacs", "echo", "--dicomweb", inUrl.replace(":" + orthanc.httpPort(), ":" + Orthanc.freePort()),
        "--retries", "2", "--backoff", "10");
    assertEquals(1, missing.exitCode());
    assertEquals(1, refused.exitCode());
    assertTrue(missing.stderr().contains("not found on http://127.0.0.1:" + orthanc.httpPort() + "/dicom-web"), missing.stderr());
    assertTrue(refused.stderr().contains("attempt 1 of 2 failed"), refused.stderr());
    for (CliRun r : List.of(fromUrl, missing, refused, fromFile)) {
      assertFalse((r.stdout() + r.stderr()).contains(PASSWORD), r.stdout() + r.stderr());
    }
    PacsConfig c = PacsConfig.dimse("127.0.0.1", 4242, "A", "B").withDicomWeb(URI.create(inUrl));
    assertFalse(c.toString().contains(PASSWORD) || c.peer().contains(PASSWORD) || String.valueOf(c.auth()).contains(PASSWORD));
    assertFalse(c.dicomWeb().toString().contains(USER + ":"), c.dicomWeb().toString());

    // From the environment, in a JVM of its own (the variable cannot be set in this one).
    Path log = tmp.resolve("env.log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), "org.crossmodal.cli.Main"));
    cmd.addAll(List.of(find("--dicomweb", url)));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("CROSSMODAL_DICOMWEB_AUTH", USER + ":" + PASSWORD);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), Files.readString(log));
    assertTrue(Files.readString(log).contains(studyUid));
  }

  @Test
  void plainHttpToAnotherMachineIsWarnedAbout() {
    List<String> log = new ArrayList<>();
    PacsConfig base = PacsConfig.dimse("127.0.0.1", 4242, "A", "B");
    new Pacs(base.withDicomWeb(URI.create("http://pacs.example.org/dicom-web")), Pacs.Method.MOVE, log::add); // nothing is contacted
    new Pacs(base.withDicomWeb(URI.create("https://pacs.example.org/dicom-web")), Pacs.Method.MOVE, log::add);
    new Pacs(base.withDicomWeb(URI.create("http://127.0.0.1:8042/dicom-web")), Pacs.Method.MOVE, log::add);
    new Pacs(base.withDicomWeb(URI.create("http://localhost:8042/dicom-web")), Pacs.Method.MOVE, log::add);
    assertEquals(List.of("warning: DICOMweb over plain http to pacs.example.org: patient data cross the network unencrypted; "
        + "use https://"), log);
  }

  @Test
  void answersLargerThanTheBoundAreRefused() throws Exception {
    PacsConfig web = PacsConfig.dimse("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, "CROSSMODAL")
        .withDicomWeb(URI.create(orthanc.dicomWeb().toString().replace("http://", "http://" + USER + ":" + PASSWORD + "@")))
        .withRetries(2, Duration.ofMillis(10));
    Path cache = tmp.resolve("cache-bounded");
    System.setProperty("crossmodal.maxDicomWebBytes", "100000"); // the echo is 481 kB
    try {
      PacsException e = assertThrows(PacsException.class, () -> new Pacs(web, Pacs.Method.MOVE, m -> {}).retrieve(studyUid, cache));
      assertTrue(e.getMessage().contains("more than the 100000 bytes accepted"), e.getMessage());
      assertFalse(e.retryable());
    } finally {
      System.clearProperty("crossmodal.maxDicomWebBytes");
    }
    if (Files.exists(cache)) {
      try (Stream<Path> s = Files.walk(cache)) {
        assertEquals(0, s.filter(Files::isRegularFile).count(), "nothing in the cache");
      }
    }

    // A server that sends without end (chunked, no length): reading stops at the bound.
    AtomicLong sent = new AtomicLong();
    HttpServer hostile = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    hostile.createContext("/", x -> {
      x.getResponseHeaders().add("Content-Type", "application/dicom+json");
      x.sendResponseHeaders(200, 0);
      byte[] chunk = new byte[1 << 16];
      java.util.Arrays.fill(chunk, (byte) ' ');
      try (OutputStream o = x.getResponseBody()) {
        for (int i = 0; i < (1 << 14); i++) { // at most 1 GiB
          o.write(chunk);
          sent.addAndGet(chunk.length);
        }
      } catch (java.io.IOException closedByTheClient) {
        // expected
      }
    });
    hostile.start();
    try {
      PacsConfig c = PacsConfig.dimse("127.0.0.1", 4242, "A", "B")
          .withDicomWeb(URI.create("http://127.0.0.1:" + hostile.getAddress().getPort() + "/dicom-web")).withRetries(1, Duration.ZERO);
      long t0 = System.nanoTime();
      PacsException e = assertThrows(PacsException.class, () -> new Pacs(c, Pacs.Method.MOVE, m -> {}).echo());
      assertTrue(e.getMessage().contains("larger than the 67108864 bytes accepted (crossmodal.maxDicomWebBytes); refused after reading that much"), e.getMessage());
      assertTrue((System.nanoTime() - t0) / 1e9 < 30, "stopped early");
      Thread.sleep(500);
      assertTrue(sent.get() < 256L << 20, "the server could send " + sent.get() + " bytes before the client stopped reading");
    } finally {
      hostile.stop(0);
    }
  }

  @Test
  void theCacheIsOwnerOnly() throws Exception {
    PacsConfig dimse = PacsConfig.dimse("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, "CROSSMODAL").withStoragePort(scp);
    Path cache = tmp.resolve("cache");
    new Pacs(dimse, Pacs.Method.GET, m -> {}).retrieve(studyUid, cache.resolve("get"));
    new Pacs(dimse, Pacs.Method.MOVE, m -> {}).retrieve(studyUid, cache.resolve("move"));
    new Pacs(dimse.withDicomWeb(orthanc.dicomWeb()).withAuth(org.crossmodal.pacs.DicomWebAuth.parse(USER + ":" + PASSWORD, "test")),
        Pacs.Method.MOVE, m -> {}).retrieve(studyUid, cache.resolve("wado"));
    List<String> wrong = new ArrayList<>();
    int files = 0;
    try (Stream<Path> s = Files.walk(cache)) {
      for (Path p : s.toList()) {
        String mode = FilePermissionsTest.mode(p);
        if (!Files.isDirectory(p)) files++;
        if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) wrong.add(cache.relativize(p) + " " + mode);
      }
    }
    assertEquals(3, files);
    assertEquals(List.of(), wrong);
  }

  @Test
  void sendRefusesALinkLeadingOutOfTheFolder() throws Exception {
    Path results = Files.createDirectories(tmp.resolve("results"));
    Path elsewhere = Files.createDirectories(tmp.resolve("private"));
    Path other = Files.copy(DataSet.file("pydicom/MR_small.dcm"), elsewhere.resolve("other-patient.dcm"));
    Files.copy(DataSet.file("pydicom/MR_small_RLE.dcm"), results.resolve("seg.dcm"));
    Files.createSymbolicLink(results.resolve("leak.dcm"), other);
    String before = orthanc.rest("/statistics");
    CliRun r = CliRun.of("pacs", "send", "--port", "" + orthanc.dicomPort(), "--retries", "1", results.toString());
    assertEquals(1, r.exitCode());
    assertTrue(r.stderr().contains(results.resolve("leak.dcm") + ": a link leading out of " + results + "; not followed"), r.stderr());
    assertEquals(before, orthanc.rest("/statistics"), "nothing was sent");
    assertNotNull(InstanceRef.class);
  }
}
