package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A DICOM Segmentation of a source instance a user brings (single- or multi-frame, e.g. an
 * ultrasound cine): patient and study copied from the source, one frame per source frame and
 * segment, referencing the source frames. Series of several instances are refused for now.
 */
public final class SegmentationExport {
  private SegmentationExport() {}

  public static String write(Path source, Path out, List<byte[]> labels, List<String> classes, String algorithm, String version)
      throws IOException {
    AttributeList l = new AttributeList();
    try (DicomInputStream in = new DicomInputStream(new BufferedInputStream(Files.newInputStream(source)))) {
      l.read(in, TagFromName.PixelData);
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(source, "not readable as DICOM (" + e.getMessage() + ")", e);
    }
    String sopClass = s(l, TagFromName.SOPClassUID), sop = s(l, TagFromName.SOPInstanceUID), series = s(l, TagFromName.SeriesInstanceUID);
    if (sopClass.isEmpty() || sop.isEmpty() || series.isEmpty()) throw new DicomFileException(source, "has no SOP Class, SOP Instance or Series UID");
    int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
    int cols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
    int frames = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1);
    if (labels.size() != frames || labels.stream().anyMatch(b -> b.length != rows * cols)) {
      throw new DicomFileException(source, "is " + cols + "x" + rows + " with " + frames + " frames; the labels have "
          + labels.size() + " frames of " + (labels.isEmpty() ? 0 : labels.get(0).length) + " pixels");
    }
    String now = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
    List<SourceFrames.Frame> refs = new java.util.ArrayList<>();
    for (int f = 0; f < frames; f++) refs.add(new SourceFrames.Frame(sopClass, sop, frames > 1 ? f + 1 : 0));
    return SegmentationWriter.write(out, StudyContext.of(l), new SourceFrames(series, rows, cols, refs), labels,
        new SegmentationWriter.Description(classes, algorithm, version, "CrossModal Transfer segmentation", now));
  }

  private static String s(AttributeList l, com.pixelmed.dicom.AttributeTag t) {
    return Attribute.getSingleStringValueOrEmptyString(l, t);
  }
}
