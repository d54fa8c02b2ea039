package org.crossmodal.fiji;

import ij.gui.GenericDialog;
import java.net.URI;
import java.time.Duration;
import org.crossmodal.pacs.PacsConfig;

/** The PACS connection fields both PACS dialogs share (remembered; macro keys host, port, called, calling, storage, dicomweb, timeout, attempts). */
final class PacsFields {
  private PacsFields() {}

  static void add(GenericDialog gd) {
    gd.addStringField("Host", Fields.last("pacs.host", "127.0.0.1"), 20);
    Fields.number(gd, "Port (DICOM)", "pacs.port", 4242, 0);
    gd.addStringField("Called AE title (the PACS)", Fields.last("pacs.called", PacsConfig.DEFAULT_CALLED_AET), 16);
    gd.addStringField("Calling AE title (ours)", Fields.last("pacs.calling", PacsConfig.DEFAULT_CALLING_AET), 16);
    Fields.number(gd, "Storage port for C-MOVE (ours)", "pacs.storage", PacsConfig.DEFAULT_STORAGE_PORT, 0);
    gd.addStringField("DICOMweb URL (empty: DIMSE)", Fields.last("pacs.dicomweb", ""), 40);
    Fields.number(gd, "Timeout (s)", "pacs.timeout", 30, 0);
    Fields.number(gd, "Attempts", "pacs.attempts", 3, 0);
  }

  /** Reads the fields in the order {@link #add} put them. */
  static PacsConfig read(GenericDialog gd) {
    String host = Fields.nextString(gd, "pacs.host");
    int port = (int) Fields.nextNumber(gd, "pacs.port");
    String called = Fields.nextString(gd, "pacs.called"), calling = Fields.nextString(gd, "pacs.calling");
    int storage = (int) Fields.nextNumber(gd, "pacs.storage");
    String web = Fields.nextString(gd, "pacs.dicomweb");
    double timeout = Fields.nextNumber(gd, "pacs.timeout");
    int attempts = (int) Fields.nextNumber(gd, "pacs.attempts");
    return new PacsConfig(host == null ? "" : host, port, called, calling, storage, web == null ? null : URI.create(web),
        Duration.ofMillis(Math.round(timeout * 1000)), attempts, Duration.ofMillis(500));
  }
}
