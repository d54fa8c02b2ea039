package org.crossmodal.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.crossmodal.pacs.DicomWebAuth;
import org.crossmodal.pacs.PacsConfig;
import picocli.CommandLine.Option;

/** The connection options every {@code pacs} subcommand takes; they map one to one onto {@link PacsConfig}. */
final class PacsOptions {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "PACS host (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--port", defaultValue = "4242", description = "PACS DICOM port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--called-aet", defaultValue = PacsConfig.DEFAULT_CALLED_AET, description = "the PACS's AE title (default: ${DEFAULT-VALUE})")
  String calledAet;

  @Option(names = "--calling-aet", defaultValue = PacsConfig.DEFAULT_CALLING_AET,
      description = "our AE title; the PACS must know it (host, storage port) for C-MOVE (default: ${DEFAULT-VALUE})")
  String callingAet;

  @Option(names = "--storage-port", defaultValue = "" + PacsConfig.DEFAULT_STORAGE_PORT,
      description = "port of our storage SCP that C-MOVE sends to (default: ${DEFAULT-VALUE})")
  int storagePort;

  @Option(names = "--storage-bind", paramLabel = "ADDRESS",
      description = "local address our storage SCP listens on during a C-MOVE (default: the address facing the PACS host, 127.0.0.1 for a local PACS; 0.0.0.0 = every interface)")
  String storageBind;

  @Option(names = "--dicomweb", paramLabel = "URL", description = "DICOMweb base URL (e.g. https://host/dicom-web): find, get and send use QIDO/WADO/STOW instead of DIMSE")
  URI dicomWeb;

  @Option(names = "--dicomweb-auth-file", paramLabel = "FILE", description = "DICOMweb credentials, one line USER:PASSWORD or "
      + "Bearer TOKEN, in an owner-only file (else the environment variable " + DicomWebAuth.ENV + ")")
  Path authFile;

  @Option(names = "--timeout", defaultValue = "30", paramLabel = "SECONDS", description = "longest wait for one network operation (default: ${DEFAULT-VALUE})")
  double timeoutSeconds;

  @Option(names = "--retries", defaultValue = "3", paramLabel = "N", description = "attempts per operation (default: ${DEFAULT-VALUE})")
  int attempts;

  @Option(names = "--backoff", defaultValue = "500", paramLabel = "MS", description = "wait before the 2nd attempt, doubled each time (default: ${DEFAULT-VALUE})")
  long backoffMs;

  PacsConfig config() throws java.io.IOException {
    return new PacsConfig(host, port, calledAet, callingAet, storagePort, dicomWeb, Duration.ofMillis(Math.round(timeoutSeconds * 1000)),
        attempts, Duration.ofMillis(backoffMs), storageBind).withAuth(DicomWebAuth.resolve(authFile, System.getenv()));
  }
}
