package org.crossmodal.dicom;

import java.io.IOException;
import java.nio.file.Path;

/** A DICOM file that cannot be used, with one line naming the file and the reason. */
public class DicomFileException extends IOException {
  /** The reason given for a file that is no DICOM at all (a text, an image, a report next to the studies). */
  public static final String NOT_DICOM = "not a DICOM file";
  private final Path file;

  public DicomFileException(Path file, String reason) {
    super(file + ": " + reason);
    this.file = file;
  }

  public DicomFileException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
  }

  /** For a message that already names the file in its own words. */
  public static DicomFileException ofMessage(String message, Path file) {
    return new DicomFileException(message, file);
  }

  protected DicomFileException(String message, Path file) {
    super(message);
    this.file = file;
  }

  /** Whether a listing error says the file is no DICOM at all, rather than a damaged one. */
  public static boolean isNotDicom(String error) {
    return error != null && error.contains(": " + NOT_DICOM);
  }

  public Path file() {
    return file;
  }
}
