package org.crossmodal.fiji;

import ij.gui.GenericDialog;
import java.net.URI;
import java.time.Duration;
import org.crossmodal.pacs.DicomWebAuth;
import org.crossmodal.pacs.PacsConfig;

/**
 * The PACS connection fields both PACS dialogs share (remembered; macro keys host, port, called,
 * calling, storage, dicomweb, credentials, timeout, attempts). DICOMweb credentials come from an
 * owner-only file or the environment variable {@value DicomWebAuth#ENV}; a URL is remembered without
 * any credentials written into it.
 */
final class PacsFields {
  private PacsFields() {}

  static void add(GenericDialog gd) {
    gd.addStringField("Host", Fields.last("pacs.host", "127.0.0.1"), 20);
    Fields.number(gd, "Port (DICOM)", "pacs.port", 4242, 0);
    gd.addStringField("Called AE title (the PACS)", Fields.last("pacs.called", PacsConfig.DEFAULT_CALLED_AET), 16);
    gd.addStringField("Calling AE title (ours)", Fields.last("pacs.calling", PacsConfig.DEFAULT_CALLING_AET), 16);
    Fields.number(gd, "Storage port for C-MOVE (ours)", "pacs.storage", PacsConfig.DEFAULT_STORAGE_PORT, 0);
    gd.addStringField("DICOMweb URL (empty: DIMSE)", Fields.last("pacs.dicomweb", ""), 40);
    Fields.file(gd, "Credentials file for DICOMweb (optional)", "pacs.credentials", "");
    Fields.number(gd, "Timeout (s)", "pacs.timeout", 30, 0);
    Fields.number(gd, "Attempts", "pacs.attempts", 3, 0);
  }

  /** Reads the fields in the order {@link #add} put them. */
  static PacsConfig read(GenericDialog gd) throws java.io.IOException {
    String host = Fields.nextString(gd, "pacs.host");
    int port = (int) Fields.nextNumber(gd, "pacs.port");
    String called = Fields.nextString(gd, "pacs.called"), calling = Fields.nextString(gd, "pacs.calling");
    int storage = (int) Fields.nextNumber(gd, "pacs.storage");
    String web = Fields.nextUnremembered(gd);
    String credentials = Fields.nextString(gd, "pacs.credentials");
    double timeout = Fields.nextNumber(gd, "pacs.timeout");
    int attempts = (int) Fields.nextNumber(gd, "pacs.attempts");
    PacsConfig c = new PacsConfig(host == null ? "" : host, port, called, calling, storage, web == null ? null : URI.create(web),
        Duration.ofMillis(Math.round(timeout * 1000)), attempts, Duration.ofMillis(500))
        .withAuth(DicomWebAuth.resolve(credentials == null ? null : java.nio.file.Path.of(credentials), System.getenv()));
    Fields.remember("pacs.dicomweb", c.usesDicomWeb() ? c.dicomWeb().toString() : ""); // without credentials
    return c;
  }
}
