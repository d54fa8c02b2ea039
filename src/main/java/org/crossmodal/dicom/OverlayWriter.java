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
import java.util.Locale;

/**
 * Writes labels burned into the source images as a Multi-frame True Color Secondary Capture, for
 * viewers that cannot show a SEG: one frame per source image, same patient and study as the
 * source, a new series that names its source images.
 */
public final class OverlayWriter {
  public static final String TRUE_COLOR_SC = "1.2.840.10008.5.1.4.1.1.7.4";

  private OverlayWriter() {}

  /**
   * {@code rgb.get(f)} is source image f with the labels drawn over it (packed 0xRRGGBB);
   * {@code frameTimeMs} is the cine frame time, or NaN for slices. {@code burnedInAnnotation}: YES
   * unless every source image says NO (the overlay shows their pixels). Returns the new SOP Instance UID.
   */
  public static String write(Path file, StudyContext study, SourceFrames src, List<int[]> rgb, double frameTimeMs,
      String description, String dateTime, String burnedInAnnotation) throws IOException {
    if (rgb.size() != src.count()) throw new IllegalArgumentException(rgb.size() + " overlay frames for " + src.count() + " source images");
    try {
      UIDGenerator uids = new UIDGenerator();
      String sop = uids.getAnotherNewUID();
      AttributeList l = DicomAttributes.newInstance(TRUE_COLOR_SC, sop, study, "OT", uids.getAnotherNewUID(), 101,
          description, "CrossModal Transfer");
      DicomAttributes.put(l, TagFromName.ConversionType, "WSD");
      DicomAttributes.put(l, TagFromName.Laterality, ""); // Type 2C: the overlay does not know it
      DicomAttributes.put(l, TagFromName.InstanceNumber, 1);
      DicomAttributes.put(l, TagFromName.PatientOrientation, "");
      DicomAttributes.put(l, TagFromName.ContentDate, dateTime.substring(0, 8));
      DicomAttributes.put(l, TagFromName.ContentTime, dateTime.substring(8));
      DicomAttributes.put(l, TagFromName.ImageType, "DERIVED\\SECONDARY");
      DicomAttributes.put(l, TagFromName.DerivationDescription, "segmentation labels drawn over the source images");
      DicomAttributes.put(l, TagFromName.BurnedInAnnotation, "NO".equals(burnedInAnnotation) ? "NO" : "YES");
      DicomAttributes.put(l, TagFromName.LossyImageCompression, "00");
      DicomAttributes.put(l, TagFromName.SamplesPerPixel, 3);
      DicomAttributes.put(l, TagFromName.PhotometricInterpretation, "RGB");
      DicomAttributes.put(l, TagFromName.PlanarConfiguration, 0);
      DicomAttributes.put(l, TagFromName.Rows, src.rows());
      DicomAttributes.put(l, TagFromName.Columns, src.columns());
      DicomAttributes.put(l, TagFromName.BitsAllocated, 8);
      DicomAttributes.put(l, TagFromName.BitsStored, 8);
      DicomAttributes.put(l, TagFromName.HighBit, 7);
      DicomAttributes.put(l, TagFromName.PixelRepresentation, 0);
      DicomAttributes.put(l, TagFromName.NumberOfFrames, src.count());
      if (src.count() > 1) framePointer(l, src.count(), frameTimeMs);
      sources(l, src);
      int n = src.rows() * src.columns();
      long size = 3L * n * src.count();
      if (size > Integer.MAX_VALUE - 8) throw new IOException(file + ": overlay too large for one object");
      byte[] px = new byte[(int) (size + size % 2)];
      for (int f = 0; f < src.count(); f++) {
        int[] frame = rgb.get(f);
        for (int i = 0, o = 3 * f * n; i < n; i++, o += 3) {
          px[o] = (byte) (frame[i] >> 16);
          px[o + 1] = (byte) (frame[i] >> 8);
          px[o + 2] = (byte) frame[i];
        }
      }
      DicomAttributes.pixelData(l, px);
      DicomAttributes.write(l, file);
      return sop;
    } catch (DicomException e) {
      throw new IOException(file + ": cannot build the overlay (" + e.getMessage() + ")", e);
    }
  }

  /** Cine frames step in time (Frame Time); slices are numbered pages (Page Number Vector). */
  private static void framePointer(AttributeList l, int frames, double frameTimeMs) throws DicomException {
    AttributeTagAttribute pointer = new AttributeTagAttribute(TagFromName.FrameIncrementPointer);
    if (!Double.isNaN(frameTimeMs) && frameTimeMs > 0) {
      pointer.addValue(TagFromName.FrameTime);
      DicomAttributes.put(l, TagFromName.FrameTime, String.format(Locale.ROOT, "%.1f", frameTimeMs));
    } else {
      pointer.addValue(TagFromName.PageNumberVector);
      StringBuilder pages = new StringBuilder();
      for (int f = 1; f <= frames; f++) pages.append(f == 1 ? "" : "\\").append(f);
      DicomAttributes.put(l, TagFromName.PageNumberVector, pages.toString());
    }
    l.put(pointer);
  }

  private static void sources(AttributeList l, SourceFrames src) throws DicomException {
    SequenceAttribute seq = DicomAttributes.sequence(l, TagFromName.SourceImageSequence);
    for (SourceFrames.Instance i : src.instances()) {
      AttributeList item = DicomAttributes.item(seq);
      DicomAttributes.put(item, TagFromName.ReferencedSOPClassUID, i.sopClassUid());
      DicomAttributes.put(item, TagFromName.ReferencedSOPInstanceUID, i.sopInstanceUid());
    }
  }
}
