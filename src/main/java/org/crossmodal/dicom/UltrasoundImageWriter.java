package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTagAttribute;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes 8-bit grey ultrasound frames as a DICOM US Image (one frame) or US Multi-frame Image, with
 * the Sequence of Ultrasound Regions describing the sector and its pixel size. {@code description}
 * becomes the Series Description (synthetic data says SYNTHETIC there and in Image Comments).
 */
public final class UltrasoundImageWriter {
  public static final String US_IMAGE = "1.2.840.10008.5.1.4.1.1.6.1";
  public static final String US_MULTIFRAME = "1.2.840.10008.5.1.4.1.1.3.1";

  /** What was written, for objects that reference it. */
  public record Written(String sopClassUid, String sopInstanceUid, String seriesInstanceUid, int frames, int rows, int columns) {}

  private UltrasoundImageWriter() {}

  public static Written write(Path file, StudyContext study, List<byte[]> frames, int rows, int columns, double pixelMm,
      double frameTimeMs, String description, String comments, String dateTime) throws IOException {
    try {
      UIDGenerator uids = new UIDGenerator();
      String sopClass = frames.size() == 1 ? US_IMAGE : US_MULTIFRAME;
      String sop = uids.getAnotherNewUID(), series = uids.getAnotherNewUID();
      AttributeList l = DicomAttributes.newInstance(sopClass, sop, study, "US", series, 1, description,
          "CrossModal Transfer simulator");
      DicomAttributes.put(l, TagFromName.Laterality, ""); // Type 2C; unknown for a phantom
      DicomAttributes.put(l, TagFromName.InstanceNumber, 1);
      DicomAttributes.put(l, TagFromName.PatientOrientation, "");
      DicomAttributes.put(l, TagFromName.ContentDate, dateTime.substring(0, 8));
      DicomAttributes.put(l, TagFromName.ContentTime, dateTime.substring(8));
      DicomAttributes.put(l, TagFromName.ImageType, "DERIVED\\PRIMARY");
      DicomAttributes.put(l, TagFromName.ImageComments, comments);
      DicomAttributes.put(l, TagFromName.BurnedInAnnotation, "NO");
      DicomAttributes.put(l, TagFromName.LossyImageCompression, "00");
      DicomAttributes.put(l, TagFromName.SamplesPerPixel, 1);
      DicomAttributes.put(l, TagFromName.PhotometricInterpretation, "MONOCHROME2");
      DicomAttributes.put(l, TagFromName.Rows, rows);
      DicomAttributes.put(l, TagFromName.Columns, columns);
      DicomAttributes.put(l, TagFromName.BitsAllocated, 8);
      DicomAttributes.put(l, TagFromName.BitsStored, 8);
      DicomAttributes.put(l, TagFromName.HighBit, 7);
      DicomAttributes.put(l, TagFromName.PixelRepresentation, 0);
      if (frames.size() > 1) {
        DicomAttributes.put(l, TagFromName.NumberOfFrames, frames.size());
        AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
        pointer.addValue(TagFromName.FrameTime);
        l.put(pointer);
        DicomAttributes.put(l, TagFromName.FrameTime, String.format(java.util.Locale.ROOT, "%.1f", frameTimeMs));
      }
      regions(l, rows, columns, pixelMm);
      byte[] px = new byte[frames.size() * rows * columns + (frames.size() * rows * columns) % 2];
      for (int f = 0; f < frames.size(); f++) System.arraycopy(frames.get(f), 0, px, f * rows * columns, rows * columns);
      DicomAttributes.pixelData(l, px);
      DicomAttributes.write(l, file);
      return new Written(sopClass, sop, series, frames.size(), rows, columns);
    } catch (DicomException e) {
      throw new IOException(file + ": cannot build the US image (" + e.getMessage() + ")", e);
    }
  }

  /** One tissue region over the whole image: sector format, physical units cm. */
  private static void regions(AttributeList l, int rows, int columns, double pixelMm) throws DicomException {
    SequenceAttribute seq = DicomAttributes.sequence(l, TagFromName.SequenceOfUltrasoundRegions);
    AttributeList r = DicomAttributes.item(seq);
    DicomAttributes.put(r, TagFromName.RegionSpatialFormat, 1);   // 2-D tissue or flow
    DicomAttributes.put(r, TagFromName.RegionDataType, 1);        // tissue
    DicomAttributes.put(r, TagFromName.RegionFlags, 0);
    DicomAttributes.put(r, TagFromName.RegionLocationMinX0, 0);
    DicomAttributes.put(r, TagFromName.RegionLocationMinY0, 0);
    DicomAttributes.put(r, TagFromName.RegionLocationMaxX1, columns - 1);
    DicomAttributes.put(r, TagFromName.RegionLocationMaxY1, rows - 1);
    DicomAttributes.put(r, TagFromName.PhysicalUnitsXDirection, 3); // cm
    DicomAttributes.put(r, TagFromName.PhysicalUnitsYDirection, 3);
    String delta = String.format(java.util.Locale.ROOT, "%.6f", pixelMm / 10);
    DicomAttributes.put(r, TagFromName.PhysicalDeltaX, delta);
    DicomAttributes.put(r, TagFromName.PhysicalDeltaY, delta);
  }

}
