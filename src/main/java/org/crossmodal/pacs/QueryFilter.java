package org.crossmodal.pacs;

/**
 * What to match in a PACS search; null fields match everything. {@code studyDate} is a DICOM date or
 * range ({@code 20240101}, {@code 20240101-20241231}); names and IDs may use {@code *} wildcards.
 */
public record QueryFilter(String patientId, String patientName, String studyDate, String modality, String studyInstanceUid) {
  public static QueryFilter all() {
    return new QueryFilter(null, null, null, null, null);
  }

  public QueryFilter {
    patientId = blankToNull(patientId);
    patientName = blankToNull(patientName);
    studyDate = blankToNull(studyDate);
    modality = blankToNull(modality);
    studyInstanceUid = blankToNull(studyInstanceUid);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
