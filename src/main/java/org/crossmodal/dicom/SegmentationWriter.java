package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a BINARY DICOM Segmentation of label frames that lie on the frames of one source instance:
 * one segment per foreground class, one SEG frame per (segment, source frame), each frame naming its
 * segment and the source frame it derives from. Same patient and study as the source, new series.
 */
public final class SegmentationWriter {
  public static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
  private static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009); // not in TagFromName

  /** The image instance the labels belong to. */
  public record Source(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, int frames, int rows, int columns) {
    public static Source of(UltrasoundImageWriter.Written w) {
      return new Source(w.sopClassUid(), w.sopInstanceUid(), w.seriesInstanceUid(), w.frames(), w.rows(), w.columns());
    }
  }

  private SegmentationWriter() {}

  /**
   * {@code labels.get(f)} are the class indices of source frame f; {@code classes.get(0)} is
   * background and gets no segment.
   */
  public static String write(Path file, StudyContext study, Source src, List<byte[]> labels, List<String> classes,
      String algorithm, String algorithmVersion, String description, String dateTime) throws IOException {
    if (labels.size() != src.frames()) throw new IllegalArgumentException(labels.size() + " label frames for " + src.frames() + " source frames");
    try {
      UIDGenerator uids = new UIDGenerator();
      String sop = uids.getAnotherNewUID();
      int segments = classes.size() - 1, frames = segments * src.frames();
      AttributeList l = DicomAttributes.newInstance(SEG, sop, study, "SEG", uids.getAnotherNewUID(), 100, description,
          "CrossModal Transfer");
      DicomAttributes.put(l, TagFromName.ManufacturerModelName, algorithm);
      DicomAttributes.put(l, TagFromName.DeviceSerialNumber, "0");
      DicomAttributes.put(l, TagFromName.SoftwareVersions, algorithmVersion);
      DicomAttributes.put(l, TagFromName.InstanceNumber, 1);
      DicomAttributes.put(l, TagFromName.ContentDate, dateTime.substring(0, 8));
      DicomAttributes.put(l, TagFromName.ContentTime, dateTime.substring(8));
      DicomAttributes.put(l, TagFromName.ImageType, "DERIVED\\PRIMARY");
      DicomAttributes.put(l, TagFromName.PatientOrientation, "");
      DicomAttributes.put(l, TagFromName.ContentLabel, "SEGMENTATION");
      DicomAttributes.put(l, TagFromName.ContentDescription, description);
      DicomAttributes.put(l, TagFromName.ContentCreatorName, "");
      DicomAttributes.put(l, TagFromName.SegmentationType, "BINARY");
      DicomAttributes.put(l, TagFromName.SamplesPerPixel, 1);
      DicomAttributes.put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
      DicomAttributes.put(l, TagFromName.Rows, src.rows());
      DicomAttributes.put(l, TagFromName.Columns, src.columns());
      DicomAttributes.put(l, TagFromName.BitsAllocated, 1);
      DicomAttributes.put(l, TagFromName.BitsStored, 1);
      DicomAttributes.put(l, TagFromName.HighBit, 0);
      DicomAttributes.put(l, TagFromName.PixelRepresentation, 0);
      DicomAttributes.put(l, TagFromName.LossyImageCompression, "00");
      DicomAttributes.put(l, TagFromName.NumberOfFrames, frames);
      segments(l, classes, algorithm);
      dimensions(l, uids.getAnotherNewUID());
      SequenceAttribute shared = DicomAttributes.sequence(l, TagFromName.SharedFunctionalGroupsSequence);
      DicomAttributes.item(shared);
      SequenceAttribute perFrame = DicomAttributes.sequence(l, TagFromName.PerFrameFunctionalGroupsSequence);
      int n = src.rows() * src.columns();
      byte[] bits = new byte[(int) (((long) frames * n + 7) / 8 + ((((long) frames * n + 7) / 8) % 2))];
      int k = 0;
      for (int s = 1; s <= segments; s++) {
        for (int f = 0; f < src.frames(); f++, k++) {
          AttributeList item = DicomAttributes.item(perFrame);
          AttributeList content = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.FrameContentSequence));
          DicomAttributes.put(content, TagFromName.StackID, "1");
          DicomAttributes.put(content, TagFromName.InStackPositionNumber, f + 1);
          DicomAttributes.put(content, TagFromName.DimensionIndexValues, s + "\\" + (f + 1));
          AttributeList seg = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.SegmentIdentificationSequence));
          DicomAttributes.put(seg, TagFromName.ReferencedSegmentNumber, s);
          derivation(item, src, f);
          byte[] lab = labels.get(f);
          for (int i = 0; i < n; i++) {
            if (lab[i] == s) {
              long bit = (long) k * n + i;
              bits[(int) (bit >> 3)] |= (byte) (1 << (bit & 7));
            }
          }
        }
      }
      references(l, src);
      OtherByteAttribute pd = new OtherByteAttribute(TagFromName.PixelData);
      pd.setValues(bits);
      l.put(pd);
      DicomAttributes.write(l, file);
      return sop;
    } catch (DicomException e) {
      throw new IOException(file + ": cannot build the segmentation (" + e.getMessage() + ")", e);
    }
  }

  private static void segments(AttributeList l, List<String> classes, String algorithm) throws DicomException {
    SequenceAttribute seq = DicomAttributes.sequence(l, TagFromName.SegmentSequence);
    for (int s = 1; s < classes.size(); s++) {
      AttributeList item = DicomAttributes.item(seq);
      DicomAttributes.put(item, TagFromName.SegmentNumber, s);
      DicomAttributes.put(item, TagFromName.SegmentLabel, classes.get(s));
      DicomAttributes.put(item, TagFromName.SegmentAlgorithmType, "AUTOMATIC");
      DicomAttributes.put(item, SEGMENT_ALGORITHM_NAME, algorithm);
      code(item, TagFromName.SegmentedPropertyCategoryCodeSequence, "91723000", "SCT", "Anatomical Structure");
      code(item, TagFromName.SegmentedPropertyTypeCodeSequence, "12738006", "SCT", "Brain");
    }
  }

  private static void code(AttributeList item, AttributeTag tag, String value, String scheme, String meaning) throws DicomException {
    SequenceAttribute s = DicomAttributes.sequence(item, tag);
    s.addItem(new CodedSequenceItem(value, scheme, meaning).getAttributeList());
  }

  private static void dimensions(AttributeList l, String organisation) throws DicomException {
    AttributeList org = DicomAttributes.item(DicomAttributes.sequence(l, TagFromName.DimensionOrganizationSequence));
    DicomAttributes.put(org, TagFromName.DimensionOrganizationUID, organisation);
    SequenceAttribute index = DicomAttributes.sequence(l, TagFromName.DimensionIndexSequence);
    AttributeList bySegment = DicomAttributes.item(index);
    DicomAttributes.put(bySegment, TagFromName.DimensionOrganizationUID, organisation);
    tagValue(bySegment, TagFromName.DimensionIndexPointer, TagFromName.ReferencedSegmentNumber);
    tagValue(bySegment, TagFromName.FunctionalGroupPointer, TagFromName.SegmentIdentificationSequence);
    AttributeList byFrame = DicomAttributes.item(index);
    DicomAttributes.put(byFrame, TagFromName.DimensionOrganizationUID, organisation);
    tagValue(byFrame, TagFromName.DimensionIndexPointer, TagFromName.InStackPositionNumber);
    tagValue(byFrame, TagFromName.FunctionalGroupPointer, TagFromName.FrameContentSequence);
  }

  private static void tagValue(AttributeList l, AttributeTag tag, AttributeTag value) throws DicomException {
    com.pixelmed.dicom.AttributeTagAttribute a = new com.pixelmed.dicom.AttributeTagAttribute(tag);
    a.addValue(value);
    l.put(a);
  }

  private static void derivation(AttributeList item, SegmentationWriter.Source src, int frame) throws DicomException {
    AttributeList der = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.DerivationImageSequence));
    code(der, TagFromName.DerivationCodeSequence, "113076", "DCM", "Segmentation");
    AttributeList ref = DicomAttributes.item(DicomAttributes.sequence(der, TagFromName.SourceImageSequence));
    DicomAttributes.put(ref, TagFromName.ReferencedSOPClassUID, src.sopClassUid());
    DicomAttributes.put(ref, TagFromName.ReferencedSOPInstanceUID, src.sopInstanceUid());
    if (src.frames() > 1) DicomAttributes.put(ref, TagFromName.ReferencedFrameNumber, frame + 1);
    code(ref, TagFromName.PurposeOfReferenceCodeSequence, "121322", "DCM", "Source image for image processing operation");
  }

  private static void references(AttributeList l, SegmentationWriter.Source src) throws DicomException {
    AttributeList series = DicomAttributes.item(DicomAttributes.sequence(l, TagFromName.ReferencedSeriesSequence));
    DicomAttributes.put(series, TagFromName.SeriesInstanceUID, src.seriesInstanceUid());
    AttributeList inst = DicomAttributes.item(DicomAttributes.sequence(series, TagFromName.ReferencedInstanceSequence));
    DicomAttributes.put(inst, TagFromName.ReferencedSOPClassUID, src.sopClassUid());
    DicomAttributes.put(inst, TagFromName.ReferencedSOPInstanceUID, src.sopInstanceUid());
  }
}
