package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The de-identifier on attribute lists built here: which PS3.15 option codes it records for each
 * option, what it removes beyond PixelMed's profile (a DICOMDIR file path, an empty content
 * sequence), the Type 1 content date and time a SEG keeps, and UID values that are not instance UIDs.
 */
class DeidentifierOptionsTest {
  static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

  static AttributeList planted(String sopClass) throws Exception {
    AttributeList l = new AttributeList();
    DicomAttributes.put(l, TagFromName.SOPClassUID, sopClass);
    DicomAttributes.put(l, TagFromName.SOPInstanceUID, "1.2.826.0.1.3680043.99.7.3");
    DicomAttributes.put(l, TagFromName.StudyInstanceUID, "1.2.826.0.1.3680043.99.7.1");
    DicomAttributes.put(l, TagFromName.PatientID, "MRN-4711");
    DicomAttributes.put(l, TagFromName.PatientName, "DOE^JOHN");
    DicomAttributes.put(l, TagFromName.ContentDate, "20240105");
    DicomAttributes.put(l, TagFromName.ContentTime, "141414");
    DicomAttributes.put(l, TagFromName.ReferencedFileID, "DOE\\JOHN\\IM1");
    DicomAttributes.put(l, TagFromName.PatientSex, "M");
    DicomAttributes.put(l, TagFromName.StationName, "DOESTATION");
    DicomAttributes.put(l, TagFromName.InstitutionName, "St Doe Hospital");
    DicomAttributes.put(l, TagFromName.StudyDescription, "Study of John Doe");
    DicomAttributes.sequence(l, TagFromName.ContentSequence);
    return l;
  }

  static List<String> codes(AttributeList l) {
    List<String> out = new ArrayList<>();
    SequenceAttribute s = (SequenceAttribute) l.get(TagFromName.DeidentificationMethodCodeSequence);
    for (int i = 0; i < s.getNumberOfItems(); i++) {
      out.add(Attribute.getSingleStringValueOrEmptyString(s.getItem(i).getAttributeList(), TagFromName.CodeValue));
    }
    return out;
  }

  static String value(AttributeList l, com.pixelmed.dicom.AttributeTag tag) {
    return Attribute.getSingleStringValueOrEmptyString(l, tag);
  }

  @Test
  void eachRetainOptionIsRecordedByItsCodeAndKeepsOnlyItsGroup() throws Exception {
    AttributeList basic = planted("1.2.840.10008.5.1.4.1.1.7");
    new Deidentifier(KEY).apply(basic);
    assertEquals(List.of("113100"), codes(basic));
    assertEquals("", value(basic, TagFromName.PatientSex));
    assertEquals("", value(basic, TagFromName.StationName));
    assertEquals("", value(basic, TagFromName.InstitutionName));
    assertEquals("", value(basic, TagFromName.StudyDescription));
    assertEquals("YES", value(basic, TagFromName.PatientIdentityRemoved));
    assertEquals("PS3.15 Basic Profile (PixelMed); keyed pseudonym and UIDs", value(basic, TagFromName.DeidentificationMethod));

    AttributeList all = planted("1.2.840.10008.5.1.4.1.1.7");
    Deidentifier.Options everything = new Deidentifier.Options(true, true, true, true);
    assertEquals(everything, new Deidentifier(KEY, everything).options());
    assertEquals(Deidentifier.Options.basic(), new Deidentifier(KEY).options());
    new Deidentifier(KEY, everything).apply(all);
    assertEquals(List.of("113100", "113108", "113109", "113112"), codes(all));
    assertEquals("M", value(all, TagFromName.PatientSex));
    assertEquals("DOESTATION", value(all, TagFromName.StationName));
    assertEquals("St Doe Hospital", value(all, TagFromName.InstitutionName));
    assertEquals("Study of John Doe", value(all, TagFromName.StudyDescription));

    AttributeList patient = planted("1.2.840.10008.5.1.4.1.1.7");
    new Deidentifier(KEY, new Deidentifier.Options(false, false, false, true)).apply(patient);
    assertEquals(List.of("113100", "113108"), codes(patient));
    assertEquals("M", value(patient, TagFromName.PatientSex));
    assertEquals("", value(patient, TagFromName.StationName));

    AttributeList institution = planted("1.2.840.10008.5.1.4.1.1.7");
    new Deidentifier(KEY, new Deidentifier.Options(false, false, true, false)).apply(institution);
    assertEquals(List.of("113100", "113112"), codes(institution));
    assertEquals("St Doe Hospital", value(institution, TagFromName.InstitutionName));
    assertEquals("", value(institution, TagFromName.PatientSex));
  }

  @Test
  void filePathsAndEmptyContentAreRemovedAndTheNameIsThePseudonym() throws Exception {
    AttributeList l = planted("1.2.840.10008.5.1.4.1.1.7");
    Deidentifier d = new Deidentifier(KEY);
    d.apply(l);
    assertNull(l.get(TagFromName.ReferencedFileID), "a media file path can carry names");
    assertNull(l.get(TagFromName.ContentSequence), "an empty content sequence is removed");
    assertEquals(d.pseudonym("MRN-4711"), value(l, TagFromName.PatientName));
    assertEquals(d.pseudonym("MRN-4711"), value(l, TagFromName.PatientID));
    assertTrue(d.pseudonym("MRN-4711").matches("ANON[0-9A-F]{10}"), d.pseudonym("MRN-4711"));
    assertEquals("", value(l, TagFromName.ContentDate), "dates of an image are removed");
    // Instance UIDs replaced, DICOM's own kept.
    assertEquals(d.uid("1.2.826.0.1.3680043.99.7.3"), value(l, TagFromName.SOPInstanceUID));
    assertEquals(d.uid("1.2.826.0.1.3680043.99.7.1"), value(l, TagFromName.StudyInstanceUID));
    assertEquals("1.2.840.10008.5.1.4.1.1.7", value(l, TagFromName.SOPClassUID));
    assertTrue(d.uid("1.2.3").matches("2\\.25\\.[1-9][0-9]*"), d.uid("1.2.3"));
  }

  @Test
  void aSegKeepsAContentDateAndTimeOfTheExport() throws Exception {
    AttributeList seg = planted(SegmentationWriter.SEG);
    String before = DicomDates.now();
    new Deidentifier(KEY).apply(seg);
    String after = DicomDates.now();
    String date = value(seg, TagFromName.ContentDate), time = value(seg, TagFromName.ContentTime);
    assertTrue(date.matches("[0-9]{8}") && !date.equals("20240105"), date);
    assertTrue(date.compareTo(before.substring(0, 8)) >= 0 && date.compareTo(after.substring(0, 8)) <= 0, date);
    assertFalse(time.isEmpty() || time.equals("141414"), time);
    assertEquals(after.length() - 8, time.length());
  }

  /**
   * PixelMed reads a text file as an almost empty attribute list, so the refusal comes when the
   * export is written (no SOP Class UID for the meta header): nothing is written.
   */
  @Test
  void filesThatAreNotDicomAreRefusedAndNothingIsWritten(@TempDir Path tmp) throws Exception {
    Path in = Files.writeString(tmp.resolve("notes.dcm"), "not DICOM at all");
    java.io.IOException e = assertThrows(java.io.IOException.class, () -> new Deidentifier(KEY).copy(in, tmp.resolve("out.dcm")));
    assertTrue(e.getMessage().contains("out.dcm"), e.getMessage());
    assertFalse(Files.exists(tmp.resolve("out.dcm")));
    try (var left = Files.list(tmp)) {
      assertEquals(List.of(in), left.toList(), "no temporary file left either");
    }
  }
}
