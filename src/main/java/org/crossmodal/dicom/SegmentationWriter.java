package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.CodedSequenceItem;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a DICOM Segmentation of label frames that lie on source images (the frames of one
 * instance or the slices of a series): one segment per foreground class, one SEG frame per
 * (segment, source image), each frame naming its segment and the source image it derives from.
 * BINARY from labels, or FRACTIONAL (probability × 255) from class probabilities. Same patient and
 * study as the source, new series.
 */
public final class SegmentationWriter {
  public static final String SEG = "1.2.840.10008.5.1.4.1.1.66.4";
  private static final AttributeTag SEGMENT_ALGORITHM_NAME = new AttributeTag(0x0062, 0x0009); // not in TagFromName
  private static final int MAX_FRACTION = 255;

  /** What the segmentation says about itself. */
  public record Description(List<String> classes, String algorithm, String algorithmVersion, String seriesDescription,
      String dateTime) {}

  private SegmentationWriter() {}

  /**
   * BINARY: {@code labels.get(f)} are the class indices on source image f; {@code classes.get(0)}
   * is background and gets no segment. Returns the new SOP Instance UID.
   */
  public static String write(Path file, StudyContext study, SourceFrames src, List<byte[]> labels, Description d)
      throws IOException {
    check(src, labels.size());
    int n = src.rows() * src.columns(), segments = d.classes().size() - 1;
    long bitCount = (long) segments * src.count() * n;
    if ((bitCount + 7) / 8 > Integer.MAX_VALUE - 8) throw new IOException(file + ": segmentation too large for one object");
    byte[] bits = new byte[(int) ((bitCount + 7) / 8 + ((bitCount + 7) / 8) % 2)];
    long k = 0;
    for (int s = 1; s <= segments; s++) {
      for (int f = 0; f < src.count(); f++, k++) {
        byte[] lab = labels.get(f);
        for (int i = 0; i < n; i++) {
          if (lab[i] == s) {
            long bit = k * n + i;
            bits[(int) (bit >> 3)] |= (byte) (1 << (bit & 7));
          }
        }
      }
    }
    return build(file, study, src, d, "BINARY", bits);
  }

  /**
   * FRACTIONAL: {@code fractions.get(f)[c][i]} is the probability of class c at pixel i of source
   * image f in 1/255 steps (unsigned bytes, see {@link #fraction}); entry 0 (background) is unused.
   */
  public static String writeFractional(Path file, StudyContext study, SourceFrames src, List<byte[][]> fractions,
      Description d) throws IOException {
    check(src, fractions.size());
    int n = src.rows() * src.columns(), segments = d.classes().size() - 1;
    long size = (long) segments * src.count() * n;
    if (size > Integer.MAX_VALUE - 8) throw new IOException(file + ": segmentation too large for one object");
    byte[] px = new byte[(int) (size + size % 2)];
    int k = 0;
    for (int s = 1; s <= segments; s++) {
      for (int f = 0; f < src.count(); f++, k++) System.arraycopy(fractions.get(f)[s], 0, px, k * n, n);
    }
    return build(file, study, src, d, "FRACTIONAL", px);
  }

  /** A probability in the FRACTIONAL encoding: 0..1 to 0..255, as an unsigned byte. */
  public static byte fraction(float p) {
    return (byte) Math.round(Math.max(0, Math.min(1, p)) * MAX_FRACTION);
  }

  private static void check(SourceFrames src, int frames) {
    if (frames != src.count()) throw new IllegalArgumentException(frames + " label frames for " + src.count() + " source images");
  }

  private static String build(Path file, StudyContext study, SourceFrames src, Description d, String type, byte[] pixels)
      throws IOException {
    try {
      UIDGenerator uids = new UIDGenerator();
      String sop = uids.getAnotherNewUID();
      boolean binary = type.equals("BINARY");
      int segments = d.classes().size() - 1, frames = segments * src.count();
      AttributeList l = DicomAttributes.newInstance(SEG, sop, study, "SEG", uids.getAnotherNewUID(), 100,
          d.seriesDescription(), "CrossModal Transfer");
      DicomAttributes.put(l, TagFromName.ManufacturerModelName, d.algorithm());
      DicomAttributes.put(l, TagFromName.DeviceSerialNumber, "0");
      DicomAttributes.put(l, TagFromName.SoftwareVersions, d.algorithmVersion());
      DicomAttributes.put(l, TagFromName.InstanceNumber, 1);
      DicomAttributes.put(l, TagFromName.ContentDate, d.dateTime().substring(0, 8));
      DicomAttributes.put(l, TagFromName.ContentTime, d.dateTime().substring(8));
      DicomAttributes.put(l, TagFromName.ImageType, "DERIVED\\PRIMARY");
      DicomAttributes.put(l, TagFromName.PatientOrientation, "");
      DicomAttributes.put(l, TagFromName.ContentLabel, "SEGMENTATION");
      DicomAttributes.put(l, TagFromName.ContentDescription, d.seriesDescription());
      DicomAttributes.put(l, TagFromName.ContentCreatorName, "");
      DicomAttributes.put(l, TagFromName.SegmentationType, type);
      if (!binary) {
        DicomAttributes.put(l, TagFromName.SegmentationFractionalType, "PROBABILITY");
        DicomAttributes.put(l, TagFromName.MaximumFractionalValue, MAX_FRACTION);
      }
      DicomAttributes.put(l, TagFromName.SamplesPerPixel, 1);
      DicomAttributes.put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
      DicomAttributes.put(l, TagFromName.Rows, src.rows());
      DicomAttributes.put(l, TagFromName.Columns, src.columns());
      DicomAttributes.put(l, TagFromName.BitsAllocated, binary ? 1 : 8);
      DicomAttributes.put(l, TagFromName.BitsStored, binary ? 1 : 8);
      DicomAttributes.put(l, TagFromName.HighBit, binary ? 0 : 7);
      DicomAttributes.put(l, TagFromName.PixelRepresentation, 0);
      DicomAttributes.put(l, TagFromName.LossyImageCompression, "00");
      DicomAttributes.put(l, TagFromName.NumberOfFrames, frames);
      segments(l, d.classes(), d.algorithm());
      dimensions(l, uids.getAnotherNewUID());
      SequenceAttribute shared = DicomAttributes.sequence(l, TagFromName.SharedFunctionalGroupsSequence);
      DicomAttributes.item(shared);
      SequenceAttribute perFrame = DicomAttributes.sequence(l, TagFromName.PerFrameFunctionalGroupsSequence);
      for (int s = 1; s <= segments; s++) {
        for (int f = 0; f < src.count(); f++) {
          AttributeList item = DicomAttributes.item(perFrame);
          AttributeList content = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.FrameContentSequence));
          DicomAttributes.put(content, TagFromName.StackID, "1");
          DicomAttributes.put(content, TagFromName.InStackPositionNumber, f + 1);
          DicomAttributes.put(content, TagFromName.DimensionIndexValues, s + "\\" + (f + 1));
          AttributeList seg = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.SegmentIdentificationSequence));
          DicomAttributes.put(seg, TagFromName.ReferencedSegmentNumber, s);
          derivation(item, src.frames().get(f));
        }
      }
      references(l, src);
      DicomAttributes.pixelData(l, pixels);
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

  private static void derivation(AttributeList item, SourceFrames.Frame frame) throws DicomException {
    AttributeList der = DicomAttributes.item(DicomAttributes.sequence(item, TagFromName.DerivationImageSequence));
    code(der, TagFromName.DerivationCodeSequence, "113076", "DCM", "Segmentation");
    AttributeList ref = DicomAttributes.item(DicomAttributes.sequence(der, TagFromName.SourceImageSequence));
    DicomAttributes.put(ref, TagFromName.ReferencedSOPClassUID, frame.sopClassUid());
    DicomAttributes.put(ref, TagFromName.ReferencedSOPInstanceUID, frame.sopInstanceUid());
    if (frame.frameNumber() > 0) DicomAttributes.put(ref, TagFromName.ReferencedFrameNumber, frame.frameNumber());
    code(ref, TagFromName.PurposeOfReferenceCodeSequence, "121322", "DCM", "Source image for image processing operation");
  }

  private static void references(AttributeList l, SourceFrames src) throws DicomException {
    AttributeList series = DicomAttributes.item(DicomAttributes.sequence(l, TagFromName.ReferencedSeriesSequence));
    DicomAttributes.put(series, TagFromName.SeriesInstanceUID, src.seriesInstanceUid());
    SequenceAttribute instances = DicomAttributes.sequence(series, TagFromName.ReferencedInstanceSequence);
    for (SourceFrames.Instance i : src.instances()) {
      AttributeList inst = DicomAttributes.item(instances);
      DicomAttributes.put(inst, TagFromName.ReferencedSOPClassUID, i.sopClassUid());
      DicomAttributes.put(inst, TagFromName.ReferencedSOPInstanceUID, i.sopInstanceUid());
    }
  }
}
