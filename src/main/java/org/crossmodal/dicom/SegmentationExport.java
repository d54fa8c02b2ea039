package org.crossmodal.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A DICOM Segmentation of labels a user brings for a source they name: one DICOM file (single- or
 * multi-frame, e.g. an ultrasound cine) or a folder holding one series of several instances (e.g.
 * MR slices), whose images the labels follow in series order.
 */
public final class SegmentationExport {
  private SegmentationExport() {}

  public static String write(Path source, Path out, List<byte[]> labels, List<String> classes, String algorithm, String version)
      throws IOException {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(source))) {
      List<SeriesInfo> series = scan.loadable();
      if (series.size() != 1) {
        String why = series.isEmpty() && !scan.series().isEmpty() ? scan.series().get(0).error()
            : series.size() + " series (one is needed)";
        throw new DicomFileException(source, Files.isDirectory(source) ? "holds " + why : "is not a usable DICOM image: " + why);
      }
      SeriesInfo s = series.get(0);
      SourceFrames src = SourceFrames.of(s);
      int n = s.rows() * s.columns();
      if (labels.size() != src.count() || labels.stream().anyMatch(b -> b.length != n)) {
        throw new DicomFileException(source, "is " + s.columns() + "x" + s.rows() + " with " + src.count() + " images; the labels have "
            + labels.size() + " frames of " + (labels.isEmpty() ? 0 : labels.get(0).length) + " pixels");
      }
      String now = DicomDates.now();
      return SegmentationWriter.write(out, StudyContext.read(s.files().get(0)), src, labels,
          new SegmentationWriter.Description(classes, algorithm, version, "CrossModal Transfer segmentation", now));
    }
  }
}
