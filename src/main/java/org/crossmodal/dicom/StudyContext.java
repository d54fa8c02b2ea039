package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Patient and study attributes that derived objects copy from their source exactly (no loss, no
 * invention). {@code copied} holds the source's other Patient and Study module attributes verbatim
 * (null for synthetic data, which says SYNTHETIC).
 */
public record StudyContext(String patientName, String patientId, String patientBirthDate, String patientSex,
    String studyInstanceUid, String studyDate, String studyTime, String studyId, String accessionNumber,
    String referringPhysicianName, AttributeList copied) {

  /** Patient, Patient Study and General Study attributes beyond the named ones, copied when present. */
  private static final List<AttributeTag> VERBATIM = List.of(TagFromName.SpecificCharacterSet,
      TagFromName.IssuerOfPatientID, TagFromName.PatientBirthTime, TagFromName.OtherPatientIDs,
      TagFromName.OtherPatientIDsSequence, TagFromName.OtherPatientNames, TagFromName.EthnicGroup,
      TagFromName.PatientComments, TagFromName.PatientAge, TagFromName.PatientSize, TagFromName.PatientWeight,
      TagFromName.StudyDescription, TagFromName.PatientIdentityRemoved, TagFromName.DeidentificationMethod,
      TagFromName.DeidentificationMethodCodeSequence);

  public static StudyContext synthetic(String studyUid, String date, String time) {
    return new StudyContext("SYNTHETIC^PHANTOM", "SYNTHETIC", "", "O", studyUid, date, time, "SYNTH", "", "", null);
  }

  /** A SYNTHETIC study with a new study UID (simulated frames, benchmark studies). */
  public static StudyContext synthetic(String date, String time) throws IOException {
    try {
      return synthetic(new UIDGenerator().getAnotherNewUID(), date, time);
    } catch (DicomException e) {
      throw new IOException("cannot make a study UID: " + e.getMessage(), e);
    }
  }

  /** The patient and study of a source instance's attributes (ACR-NEMA dates and times in today's form). */
  public static StudyContext of(AttributeList l) {
    AttributeList copied = new AttributeList();
    for (AttributeTag t : VERBATIM) {
      Attribute a = l.get(t);
      if (a != null) copied.put(a);
    }
    return new StudyContext(s(l, TagFromName.PatientName), s(l, TagFromName.PatientID),
        legacy(s(l, TagFromName.PatientBirthDate)), s(l, TagFromName.PatientSex), s(l, TagFromName.StudyInstanceUID),
        legacy(s(l, TagFromName.StudyDate)), legacy(s(l, TagFromName.StudyTime)), s(l, TagFromName.StudyID),
        s(l, TagFromName.AccessionNumber), s(l, TagFromName.ReferringPhysicianName), copied);
  }

  /** The patient and study of a DICOM file (its attributes up to the pixel data). */
  public static StudyContext read(Path file) throws DicomFileException {
    return of(PixelMedBackend.attributes(file));
  }

  /** ACR-NEMA style dates and times (1994.01.30, 12:30:00) in today's form (19940130, 123000): the same value. */
  static String legacy(String v) {
    if (v.matches("\\d{4}\\.\\d{2}\\.\\d{2}")) return v.replace(".", "");
    if (v.matches("\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?")) return v.replace(":", "");
    return v;
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
    if (copied != null) l.putAll(copied);
  }

  private static String s(AttributeList l, AttributeTag t) {
    return Attribute.getSingleStringValueOrEmptyString(l, t);
  }
}
