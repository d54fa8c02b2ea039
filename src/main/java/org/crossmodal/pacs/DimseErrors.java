package org.crossmodal.pacs;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** PixelMed's and the JDK's network failures as one clear message each, marked retryable or not. */
final class DimseErrors {
  private DimseErrors() {}

  static PacsException translate(Throwable e, PacsConfig c) {
    if (e instanceof PacsException p) return p;
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // PixelMed reports a refused connection as an A-P-ABORT wrapping the ConnectException.
    if (e instanceof ConnectException || msg.contains("java.net.ConnectException")) {
      return new PacsException("connection refused by " + c.host() + ":" + c.port() + " (is the PACS running on that port?)", true, e);
    }
    if (e instanceof UnknownHostException) return new PacsException("unknown host " + c.host(), false, e);
    if (e instanceof NoRouteToHostException) return new PacsException("no route to " + c.host(), true, e);
    if (e instanceof SocketTimeoutException) return new PacsException("no answer from " + c.peer() + " (timeout)", true, e);
    if (msg.contains("A-ASSOCIATE-RJ")) {
      // e.g. "A-ASSOCIATE-RJ indication - rejected-permanent by DICOM UL Service User, called AE Title not recognized"
      String reason = msg.replaceFirst("(?s)^.*?A-ASSOCIATE-RJ indication -\\s*", "").trim();
      return new PacsException("association rejected by " + c.peer() + ": " + reason + " (check the called AE title '"
          + c.calledAet() + "' and that the PACS knows the calling AE title '" + c.callingAet() + "')",
          reason.contains("transient"), e);
    }
    if (msg.startsWith("C-MOVE reports failure status")) {
      return new PacsException(msg.replace("C-MOVE reports failure status", "C-MOVE to " + c.callingAet() + " ended with status") + " (does " + c.peer()
          + " know AE " + c.callingAet() + " at this host, port " + c.storagePort() + "?)", true, e);
    }
    if (msg.contains("A-ABORT") || msg.contains("A-P-ABORT")) {
      return new PacsException("association aborted by " + c.peer() + ": " + msg.trim(), true, e);
    }
    return new PacsException(msg.trim() + " (" + c.peer() + ")", e instanceof java.io.IOException
        || e instanceof com.pixelmed.network.DicomNetworkException, e);
  }
}
