package org.crossmodal.pacs;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One study a PACS search found; counts are -1 when the PACS did not say. */
public record StudyMatch(String studyInstanceUid, String studyDate, String description, List<String> modalities, int series,
    int instances, Patient patient) {

  /** The fields to print: UIDs, date, modalities and counts; patient identifiers only when asked for. */
  public Map<String, Object> describe(boolean showPatient) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("studyInstanceUid", studyInstanceUid);
    m.put("studyDate", studyDate);
    m.put("description", description);
    m.put("modalities", modalities);
    m.put("series", series);
    m.put("instances", instances);
    if (showPatient) {
      m.put("patientName", patient.name());
      m.put("patientId", patient.id());
      m.put("patientBirthDate", patient.birthDate());
    }
    return m;
  }
}
