package org.crossmodal.dicom;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** The time objects we write are made, as DICOM date and time together (yyyyMMddHHmmss). */
public final class DicomDates {
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private DicomDates() {}

  public static String now() {
    return LocalDateTime.now().format(DATE_TIME);
  }
}
