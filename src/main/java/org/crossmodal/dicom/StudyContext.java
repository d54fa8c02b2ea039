package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;

/**
 * Patient and study attributes that derived objects copy from their source exactly (no loss, no
 * invention). For synthetic data they say SYNTHETIC.
 */
public record StudyContext(String patientName, String patientId, String patientBirthDate, String patientSex,
    String studyInstanceUid, String studyDate, String studyTime, String studyId, String accessionNumber,
    String referringPhysicianName) {

  public static StudyContext synthetic(String studyUid, String date, String time) {
    return new StudyContext("SYNTHETIC^PHANTOM", "SYNTHETIC", "", "O", studyUid, date, time, "SYNTH", "", "");
  }

  void putInto(AttributeList l) throws DicomException {
    DicomAttributes.put(l, TagFromName.PatientName, patientName);
    DicomAttributes.put(l, TagFromName.PatientID, patientId);
    DicomAttributes.put(l, TagFromName.PatientBirthDate, patientBirthDate);
    DicomAttributes.put(l, TagFromName.PatientSex, patientSex);
    DicomAttributes.put(l, TagFromName.StudyInstanceUID, studyInstanceUid);
    DicomAttributes.put(l, TagFromName.StudyDate, studyDate);
    DicomAttributes.put(l, TagFromName.StudyTime, studyTime);
    DicomAttributes.put(l, TagFromName.StudyID, studyId);
    DicomAttributes.put(l, TagFromName.AccessionNumber, accessionNumber);
    DicomAttributes.put(l, TagFromName.ReferringPhysicianName, referringPhysicianName);
  }
}
