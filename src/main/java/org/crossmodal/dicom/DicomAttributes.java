package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeFactory;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomOutputStream;
import com.pixelmed.dicom.FileMetaInformation;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.TransferSyntax;
import java.io.IOException;
import java.nio.file.Path;
import org.crossmodal.io.AtomicFiles;

/** Small helpers for building AttributeLists with PixelMed and writing them atomically. */
final class DicomAttributes {
  static final String IMPLEMENTATION_AE = "CROSSMODAL";

  private DicomAttributes() {}

  /** Sets an attribute by tag with its dictionary VR; several values are separated by backslashes. */
  static void put(AttributeList l, AttributeTag tag, String value) throws DicomException {
    Attribute a = AttributeFactory.newAttribute(tag, l.getDictionary().getValueRepresentationFromTag(tag));
    if (value != null && !value.isEmpty()) for (String v : value.split("\\\\", -1)) a.addValue(v);
    l.put(a);
  }

  static void put(AttributeList l, AttributeTag tag, int value) throws DicomException {
    put(l, tag, Integer.toString(value));
  }

  /** SOP Common, Patient, General Study and General Series attributes every object we write has. */
  static AttributeList newInstance(String sopClass, String sopInstance, StudyContext study, String modality,
      String seriesUid, int seriesNumber, String seriesDescription, String manufacturer) throws DicomException {
    AttributeList l = new AttributeList();
    put(l, TagFromName.SpecificCharacterSet, "ISO_IR 100");
    put(l, TagFromName.SOPClassUID, sopClass);
    put(l, TagFromName.SOPInstanceUID, sopInstance);
    study.putInto(l);
    put(l, TagFromName.Modality, modality);
    put(l, TagFromName.SeriesInstanceUID, seriesUid);
    put(l, TagFromName.SeriesNumber, seriesNumber);
    put(l, TagFromName.SeriesDescription, seriesDescription);
    put(l, TagFromName.Manufacturer, manufacturer);
    return l;
  }

  /** 8-bit pixel data (OB), padded by the caller to an even length. */
  static void pixelData(AttributeList l, byte[] pixels) throws DicomException {
    OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
    pd.setValues(pixels);
    l.put(pd);
  }

  static SequenceAttribute sequence(AttributeList l, AttributeTag tag) {
    SequenceAttribute s = new SequenceAttribute(tag);
    l.put(s);
    return s;
  }

  static AttributeList item(SequenceAttribute s) {
    AttributeList item = new AttributeList();
    s.addItem(item);
    return item;
  }

  /** Adds the file meta information and writes explicit VR little endian to {@code file}, atomically. */
  static void write(AttributeList l, Path file) throws IOException {
    try {
      FileMetaInformation.addFileMetaInformation(l, TransferSyntax.ExplicitVRLittleEndian, IMPLEMENTATION_AE);
    } catch (DicomException e) {
      throw new IOException(file + ": cannot build file meta information (" + e.getMessage() + ")", e);
    }
    AtomicFiles.write(file, out -> {
      try {
        DicomOutputStream dout = new DicomOutputStream(out, TransferSyntax.ExplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian);
        l.write(dout);
        dout.flush();
      } catch (DicomException e) {
        throw new IOException(file + ": cannot encode (" + e.getMessage() + ")", e);
      }
    });
  }

  static String uid(AttributeList l, AttributeTag tag) {
    return Attribute.getSingleStringValueOrEmptyString(l, tag);
  }

}
