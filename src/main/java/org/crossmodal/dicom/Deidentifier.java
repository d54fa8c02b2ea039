package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Research export after the DICOM PS3.15 Annex E Basic Application Level Confidentiality Profile, by
 * PixelMed's implementation: identifying attributes removed, emptied or replaced by dummies; free
 * text removed (descriptions, protocol name, comments, content-sequence text); device and
 * institution identity removed; patient characteristics removed; dates and times removed; private
 * attributes removed. {@link Options} keeps some of them, each only when asked for. Patient Name and
 * ID become a pseudonym, and every instance UID is replaced by a 2.25 UID, both derived from the
 * original by HMAC-SHA256 with a secret key, so that objects exported together (a SEG and its
 * sources) still reference each other. Pixels: see {@link #pixelAction} and {@link PixelBlanker}.
 */
public final class Deidentifier {
  private static final String DICOM_ROOT = "1.2.840.10008.";
  /** Left by PixelMed's profile but able to carry names: a media file path (a DICOMDIR attribute). */
  private static final List<AttributeTag> ALSO_REMOVED = List.of(TagFromName.ReferencedFileID);

  /**
   * What the export keeps beyond the Basic Profile (each an explicit choice; all off by default).
   * {@code keepDescriptions}: Study and Series Description, Protocol Name and the other descriptors,
   * as they are (not cleaned: a person must check them); {@code keepDeviceIdentity}: Station Name,
   * Device Serial Number … (PS3.15 Retain Device Identity Option); {@code keepInstitutionIdentity}:
   * Institution Name, Address, Department (Retain Institution Identity Option);
   * {@code keepPatientCharacteristics}: sex, age, size, weight (Retain Patient Characteristics Option).
   */
  public record Options(boolean keepDescriptions, boolean keepDeviceIdentity, boolean keepInstitutionIdentity,
      boolean keepPatientCharacteristics) {
    public static Options basic() {
      return new Options(false, false, false, false);
    }

    /** For settings and status files: {@code basic} or the kept groups. */
    public String describe() {
      List<String> kept = new ArrayList<>();
      if (keepDescriptions) kept.add("descriptions");
      if (keepDeviceIdentity) kept.add("device");
      if (keepInstitutionIdentity) kept.add("institution");
      if (keepPatientCharacteristics) kept.add("patient-characteristics");
      return kept.isEmpty() ? "basic" : "basic+" + String.join("+", kept);
    }
  }

  /** What happens to an instance's pixels in the export. */
  public enum PixelAction {
    /** Pixels as they are: the instance says it has no burned-in annotation, or it is not ultrasound. */
    KEEP,
    /** Ultrasound that has (or may have) burned-in annotation: pixels outside the imaging area are blanked. */
    BLANK_OUTSIDE_IMAGING_AREA
  }

  private final byte[] key;
  private final Options options;

  public Deidentifier(byte[] key) {
    this(key, Options.basic());
  }

  public Deidentifier(byte[] key, Options options) {
    this.key = key.clone();
    this.options = options;
  }

  public Options options() {
    return options;
  }

  /** The replacement of an instance UID: the same for the same key and UID. */
  public String uid(String original) {
    return "2.25." + new BigInteger(1, Arrays.copyOf(digest("uid:" + original), 16));
  }

  /** The pseudonym that replaces Patient Name and Patient ID. */
  public String pseudonym(String patientId) {
    return "ANON" + HexFormat.of().formatHex(digest("patient:" + patientId), 0, 5).toUpperCase();
  }

  /** A keyed token for any other value (e.g. an input path in a summary): {@code prefix-} and 16 hex digits. */
  public String token(String prefix, String value) {
    return prefix + "-" + HexFormat.of().formatHex(digest(prefix + ":" + value), 0, 8);
  }

  /**
   * Ultrasound with Burned In Annotation YES or absent is blanked outside its imaging area; other
   * modalities keep their pixels unless they say YES, which refuses the instance (no imaging area is
   * known for them). {@code burnedIn}: the instance's Burned In Annotation ({@link #burnedInAnnotation}).
   */
  public static PixelAction pixelAction(Path file, String modality, String burnedIn) throws DicomFileException {
    String m = modality == null ? "" : modality.trim();
    if ("US".equals(m)) return "NO".equals(burnedIn) ? PixelAction.KEEP : PixelAction.BLANK_OUTSIDE_IMAGING_AREA;
    if ("YES".equals(burnedIn)) {
      throw new DicomFileException(file, "Burned In Annotation is YES on a " + (m.isEmpty() ? "non-ultrasound" : org.crossmodal.io.SafeNames.modality(m))
          + " image, and only ultrasound has an imaging area to keep; refused for the de-identified export");
    }
    return PixelAction.KEEP;
  }

  /** Burned In Annotation (0028,0301) of a file, upper case, or "" when absent. */
  public static String burnedInAnnotation(Path file) throws DicomFileException {
    return Attribute.getSingleStringValueOrEmptyString(PixelMedBackend.attributes(file), TagFromName.BurnedInAnnotation).trim()
        .toUpperCase(Locale.ROOT);
  }

  /** Reads {@code in}, de-identifies it and writes it to {@code out} (atomically); {@code in} is not changed. */
  public void copy(Path in, Path out) throws IOException {
    copy(in, out, null);
  }

  /**
   * As {@link #copy(Path, Path)}; {@code imagingArea} (one flag per pixel, true inside) non-null:
   * every pixel outside it is blanked in every frame first.
   */
  public void copy(Path in, Path out, boolean[] imagingArea) throws IOException {
    AttributeList l = new AttributeList();
    try {
      l.read(in.toFile());
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(in, "not readable as DICOM (" + e.getMessage() + ")", e);
    }
    try {
      if (imagingArea != null) PixelBlanker.blankOutside(in, l, imagingArea);
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
    boolean descriptions = options.keepDescriptions();
    ClinicalTrialsAttributes.removeOrNullIdentifyingAttributes(l, ClinicalTrialsAttributes.HandleUIDs.keep,
        descriptions, descriptions /* series descriptors */, descriptions /* protocol name */,
        options.keepPatientCharacteristics(), options.keepDeviceIdentity(), options.keepInstitutionIdentity(),
        ClinicalTrialsAttributes.HandleDates.remove, null, null,
        descriptions ? ClinicalTrialsAttributes.HandleStructuredContent.keep : ClinicalTrialsAttributes.HandleStructuredContent.remove);
    for (AttributeTag t : ALSO_REMOVED) l.remove(t);
    Attribute content = l.get(TagFromName.ContentSequence);
    if (content instanceof SequenceAttribute s && s.getNumberOfItems() == 0) l.remove(TagFromName.ContentSequence);
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
    if (options.keepPatientCharacteristics()) {
      method.addItem(new CodedSequenceItem("113108", "DCM", "Retain Patient Characteristics Option").getAttributeList());
    }
    if (options.keepDeviceIdentity()) {
      method.addItem(new CodedSequenceItem("113109", "DCM", "Retain Device Identity Option").getAttributeList());
    }
    if (options.keepInstitutionIdentity()) {
      method.addItem(new CodedSequenceItem("113112", "DCM", "Retain Institution Identity Option").getAttributeList());
    }
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
