package org.crossmodal.testutil;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.Json;

/**
 * A real Orthanc PACS (Debian's {@code orthanc} + {@code orthanc-dicomweb}) for tests, with its own
 * configuration, storage and index in a temporary folder, on free high ports. Orthanc listens on all
 * interfaces (it has no bind option); tests only ever talk to it on 127.0.0.1. Stopped by its PID.
 */
public final class Orthanc implements AutoCloseable {
  public static final String BINARY = "/usr/sbin/Orthanc";
  public static final String DICOMWEB_PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";
  public static final String AET = "ORTHANC";

  private final Process process;
  private final int httpPort;
  private final int dicomPort;

  private Orthanc(Process process, int httpPort, int dicomPort) {
    this.process = process;
    this.httpPort = httpPort;
    this.dicomPort = dicomPort;
  }

  /**
   * Starts Orthanc in {@code dir}; {@code modalities} maps the AE titles it may C-MOVE to onto ports
   * on 127.0.0.1. With {@code checkCalledAet} it rejects associations not addressed to {@link #AET}.
   */
  public static Orthanc start(Path dir, Map<String, Integer> modalities, boolean checkCalledAet) throws IOException, InterruptedException {
    return start(dir, modalities, checkCalledAet, Map.of());
  }

  /**
   * As {@link #start(Path, Map, boolean)}, with further configuration entries, e.g.
   * {@code AuthenticationEnabled} and {@code RegisteredUsers} for HTTP Basic authentication.
   */
  public static Orthanc start(Path dir, Map<String, Integer> modalities, boolean checkCalledAet, Map<String, Object> extra)
      throws IOException, InterruptedException {
    int http = freePort(), dicom = freePort();
    Map<String, Object> cfg = new LinkedHashMap<>();
    cfg.put("Name", "crossmodal-test");
    cfg.put("StorageDirectory", dir.resolve("storage").toString());
    cfg.put("IndexDirectory", dir.resolve("index").toString());
    cfg.put("HttpPort", http);
    cfg.put("DicomPort", dicom);
    cfg.put("DicomAet", AET);
    cfg.put("RemoteAccessAllowed", false);
    cfg.put("AuthenticationEnabled", false);
    cfg.put("DicomCheckCalledAet", checkCalledAet);
    for (String k : List.of("DicomAlwaysAllowEcho", "DicomAlwaysAllowStore", "DicomAlwaysAllowFind", "DicomAlwaysAllowMove",
        "DicomAlwaysAllowGet")) {
      cfg.put(k, true);
    }
    Map<String, Object> peers = new LinkedHashMap<>();
    modalities.forEach((aet, port) -> peers.put(aet.toLowerCase(), List.of(aet, "127.0.0.1", port)));
    cfg.put("DicomModalities", peers);
    cfg.put("DicomAssociationCloseDelay", 0);
    cfg.put("Plugins", List.of(DICOMWEB_PLUGIN));
    cfg.put("DicomWeb", Map.of("Enable", true, "Root", "/dicom-web/"));
    cfg.putAll(extra);
    Path config = dir.resolve("orthanc.json");
    Files.createDirectories(dir);
    Json.MAPPER.writeValue(config.toFile(), cfg);
    Process p = new ProcessBuilder(BINARY, config.toString()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("orthanc.log").toFile()).start();
    Orthanc o = new Orthanc(p, http, dicom);
    long end = System.nanoTime() + 30_000_000_000L;
    while (!o.answers()) {
      if (!p.isAlive() || System.nanoTime() > end) {
        o.close();
        throw new IOException("Orthanc did not start; its log: " + Files.readString(dir.resolve("orthanc.log")));
      }
      Thread.sleep(100);
    }
    return o;
  }

  public int dicomPort() {
    return dicomPort;
  }

  public int httpPort() {
    return httpPort;
  }

  public URI dicomWeb() {
    return URI.create("http://127.0.0.1:" + httpPort + "/dicom-web");
  }

  private String basicAuth;

  /** Credentials for {@link #rest} when authentication is enabled ({@code user:password}). */
  public Orthanc withRestCredentials(String userColonPassword) {
    basicAuth = "Basic " + java.util.Base64.getEncoder().encodeToString(userColonPassword.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return this;
  }

  /** GET on Orthanc's own REST API, e.g. {@code /statistics}; the JSON text. */
  public String rest(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + path).toURL().openConnection();
    if (basicAuth != null) c.setRequestProperty("Authorization", basicAuth);
    try (var in = c.getInputStream()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } finally {
      c.disconnect();
    }
  }

  /** Up when its REST port answers at all (401 included: authentication on). */
  private boolean answers() {
    try {
      HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + httpPort + "/system").toURL().openConnection();
      try {
        return c.getResponseCode() > 0;
      } finally {
        c.disconnect();
      }
    } catch (IOException e) {
      return false;
    }
  }

  /** A port nobody listens on right now (the kernel's choice of a free ephemeral port). */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Stops Orthanc by its PID (SIGTERM, then SIGKILL if it has not ended within 10 s). */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
