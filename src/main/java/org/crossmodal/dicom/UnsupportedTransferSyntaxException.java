package org.crossmodal.dicom;

import java.nio.file.Path;

/** Pixel data in a transfer syntax that no decoder available here can read (JPEG-LS, 12-bit lossy JPEG, video). */
public final class UnsupportedTransferSyntaxException extends DicomFileException {
  public UnsupportedTransferSyntaxException(Path file, String uid) {
    super(message(file, uid), file);
  }

  static String message(Path file, String uid) {
    return "unsupported transfer syntax " + TransferSyntaxes.name(uid) + " (" + uid + ") in " + file;
  }
}
