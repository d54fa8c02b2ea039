package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.ClinicalTrialsAttributes;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UniqueIdentifierAttribute;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Research export after the DICOM PS3.15 Basic Application Level Confidentiality Profile, by
 * PixelMed's implementation: identifying attributes removed or emptied, dates removed, private
 * attributes removed. Patient Name and ID become a pseudonym, and every instance UID is replaced by
 * a 2.25 UID, both derived from the original by HMAC-SHA256 with a secret key, so that objects exported together
 * (a SEG and its sources) still reference each other. Pixel data is not touched: images with
 * burned-in text must be checked by a person.
 */
public final class Deidentifier {
  private static final String DICOM_ROOT = "1.2.840.10008.";
  private final byte[] key;

  public Deidentifier(byte[] key) {
    this.key = key.clone();
  }

  /** The replacement of an instance UID: the same for the same key and UID. */
  public String uid(String original) {
    return "2.25." + new BigInteger(1, Arrays.copyOf(digest("uid:" + original), 16));
  }

  /** The pseudonym that replaces Patient Name and Patient ID. */
  public String pseudonym(String patientId) {
    return "ANON" + HexFormat.of().formatHex(digest("patient:" + patientId), 0, 5).toUpperCase();
  }

  /** Reads {@code in}, de-identifies it and writes it to {@code out} (atomically); {@code in} is not changed. */
  public void copy(Path in, Path out) throws IOException {
    AttributeList l = new AttributeList();
    try {
      l.read(in.toFile());
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(in, "not readable as DICOM (" + e.getMessage() + ")", e);
    }
    try {
      apply(l);
    } catch (DicomException e) {
      throw new DicomFileException(in, "cannot be de-identified (" + e.getMessage() + ")", e);
    }
    l.removeGroupLengthAttributes();
    l.removeMetaInformationHeaderAttributes();
    DicomAttributes.write(l, out);
  }

  void apply(AttributeList l) throws DicomException {
    String pseudonym = pseudonym(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PatientID));
    l.removePrivateAttributes();
    ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(l, ClinicalTrialsAttributes.HandleUIDs.keep,
        true /* descriptors */, true /* series descriptors */, true /* protocol name */, false /* patient characteristics */,
        true /* device identity */, false /* institution identity */, ClinicalTrialsAttributes.HandleDates.remove, null, null);
    remapUids(l);
    if (SegmentationWriter.SEG.equals(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPClassUID))) {
      // Content Date and Time are Type 1 in a SEG: the time of this export, which says nothing of the patient.
      String now = DicomDates.now();
      DicomAttributes.put(l, TagFromName.ContentDate, now.substring(0, 8));
      DicomAttributes.put(l, TagFromName.ContentTime, now.substring(8));
    }
    DicomAttributes.put(l, TagFromName.PatientName, pseudonym);
    DicomAttributes.put(l, TagFromName.PatientID, pseudonym);
    DicomAttributes.put(l, TagFromName.PatientIdentityRemoved, "YES");
    DicomAttributes.put(l, TagFromName.DeidentificationMethod,
        "PS3.15 Basic Profile (PixelMed); keyed pseudonym and UIDs"); // LO: at most 64 characters
    SequenceAttribute method = DicomAttributes.sequence(l, TagFromName.DeidentificationMethodCodeSequence);
    method.addItem(new CodedSequenceItem("113100", "DCM", "Basic Application Confidentiality Profile").getAttributeList());
  }

  /** Every UID value outside DICOM's own root (classes, syntaxes, codes) is an instance UID to replace. */
  private void remapUids(AttributeList l) throws DicomException {
    for (Attribute a : l.values()) {
      if (a instanceof SequenceAttribute seq) {
        for (int i = 0; i < seq.getNumberOfItems(); i++) {
          SequenceItem item = seq.getItem(i);
          remapUids(item.getAttributeList());
        }
      } else if (a instanceof UniqueIdentifierAttribute) {
        String[] values = a.getStringValues();
        if (values == null) continue;
        a.removeValues();
        for (String v : values) a.addValue(v.isEmpty() || v.startsWith(DICOM_ROOT) ? v : uid(v));
      }
    }
  }

  private byte[] digest(String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }
}
