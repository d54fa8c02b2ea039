package org.crossmodal.pacs;

import java.net.URI;
import java.time.Duration;

/**
 * Where the PACS is and how to talk to it: DIMSE address and AE titles, the port of our own storage
 * SCP (the PACS must know it under {@code callingAet} to C-MOVE to us), an optional DICOMweb base
 * URL (when set, find/get/send use QIDO/WADO/STOW instead of DIMSE), and the failure bounds.
 *
 * @param timeout     longest wait for one network operation (association, query, one retrieve)
 * @param attempts    tries per operation before giving up (1 = no retry)
 * @param backoff     wait before the second try; doubled before each further one
 * @param storageBind the local address our storage SCP listens on; null: the address that faces the PACS host
 *                    (127.0.0.1 for a PACS on this machine), never all interfaces unless asked for with 0.0.0.0
 * @param auth        DICOMweb credentials, or null; credentials in the URL's user part are moved here and taken
 *                    out of {@code dicomWeb}, so that no URL this project prints carries them
 */
public record PacsConfig(String host, int port, String calledAet, String callingAet, int storagePort, URI dicomWeb,
    Duration timeout, int attempts, Duration backoff, String storageBind, DicomWebAuth auth) {
  public static final String DEFAULT_CALLED_AET = "ORTHANC";
  public static final String DEFAULT_CALLING_AET = "CROSSMODAL";
  public static final int DEFAULT_STORAGE_PORT = 11113;

  public PacsConfig {
    if (host == null || host.isBlank()) throw new IllegalArgumentException("no PACS host given");
    checkPort(port, "PACS port");
    checkPort(storagePort, "storage port");
    checkAet(calledAet, "called AE title");
    checkAet(callingAet, "calling AE title");
    if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("the timeout must be positive");
    if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1");
    if (backoff == null || backoff.isNegative()) throw new IllegalArgumentException("the backoff must not be negative");
    if (storageBind != null && storageBind.isBlank()) storageBind = null;
    DicomWebAuth inUrl = DicomWebAuth.fromUrl(dicomWeb);
    if (auth == null) auth = inUrl;
    dicomWeb = DicomWebAuth.withoutCredentials(dicomWeb);
  }

  public PacsConfig(String host, int port, String calledAet, String callingAet, int storagePort, URI dicomWeb, Duration timeout,
      int attempts, Duration backoff, String storageBind) {
    this(host, port, calledAet, callingAet, storagePort, dicomWeb, timeout, attempts, backoff, storageBind, null);
  }

  public PacsConfig(String host, int port, String calledAet, String callingAet, int storagePort, URI dicomWeb, Duration timeout,
      int attempts, Duration backoff) {
    this(host, port, calledAet, callingAet, storagePort, dicomWeb, timeout, attempts, backoff, null, null);
  }

  /** DIMSE only, with the defaults: 30 s timeout, 3 attempts, 500 ms first backoff. */
  public static PacsConfig dimse(String host, int port, String calledAet, String callingAet) {
    return new PacsConfig(host, port, calledAet, callingAet, DEFAULT_STORAGE_PORT, null, Duration.ofSeconds(30), 3,
        Duration.ofMillis(500));
  }

  public PacsConfig withStoragePort(int p) {
    return new PacsConfig(host, port, calledAet, callingAet, p, dicomWeb, timeout, attempts, backoff, storageBind, auth);
  }

  public PacsConfig withDicomWeb(URI url) {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, url, timeout, attempts, backoff, storageBind, auth);
  }

  public PacsConfig withTimeout(Duration t) {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, dicomWeb, t, attempts, backoff, storageBind, auth);
  }

  public PacsConfig withRetries(int tries, Duration firstBackoff) {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, dicomWeb, timeout, tries, firstBackoff, storageBind, auth);
  }

  public PacsConfig withStorageBind(String address) {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, dicomWeb, timeout, attempts, backoff, address, auth);
  }

  /** The same with these DICOMweb credentials (null: none, or those of the URL). */
  public PacsConfig withAuth(DicomWebAuth credentials) {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, dicomWeb, timeout, attempts, backoff, storageBind,
        credentials == null ? auth : credentials);
  }

  public boolean usesDicomWeb() {
    return dicomWeb != null;
  }

  /** The peer in messages: {@code ORTHANC@127.0.0.1:4242} or the DICOMweb URL (never with credentials). */
  public String peer() {
    return usesDicomWeb() ? dicomWeb.toString() : calledAet + "@" + host + ":" + port;
  }

  /**
   * A warning when DICOMweb goes over plain http to another machine (patient data and credentials
   * cross the network unencrypted), else null. Only the name is looked at; nothing is resolved.
   */
  public String transportWarning() {
    if (!usesDicomWeb() || !"http".equalsIgnoreCase(dicomWeb.getScheme()) || isLoopback(dicomWeb.getHost())) return null;
    return "warning: DICOMweb over plain http to " + dicomWeb.getHost() + ": patient data" + (auth != null ? " and credentials" : "")
        + " cross the network unencrypted; use https://";
  }

  static boolean isLoopback(String h) {
    if (h == null) return false;
    String host = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
    return host.equalsIgnoreCase("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("::1");
  }

  @Override
  public String toString() {
    return "PacsConfig[" + peer() + ", calling " + callingAet + ", storage port " + storagePort + (auth != null ? ", credentials set" : "")
        + "]";
  }

  private static void checkPort(int p, String what) {
    if (p < 1 || p > 65535) throw new IllegalArgumentException(what + " " + p + " is not in 1..65535");
  }

  private static void checkAet(String aet, String what) {
    if (aet == null || aet.isBlank() || aet.length() > 16 || aet.contains("\\")) {
      throw new IllegalArgumentException(what + " '" + aet + "' must be 1 to 16 characters without a backslash");
    }
  }
}
