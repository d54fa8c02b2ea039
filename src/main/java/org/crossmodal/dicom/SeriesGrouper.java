package org.crossmodal.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Groups instance headers into series (Study → Series → instances) and orders the slices. */
final class SeriesGrouper {
  private SeriesGrouper() {}

  static List<SeriesInfo> group(List<InstanceHeader> headers) {
    Map<String, List<InstanceHeader>> bySeries = new LinkedHashMap<>();
    for (InstanceHeader h : headers) {
      bySeries.computeIfAbsent(h.studyInstanceUid() + "|" + h.seriesInstanceUid(), k -> new ArrayList<>()).add(h);
    }
    List<SeriesInfo> out = new ArrayList<>();
    for (List<InstanceHeader> members : bySeries.values()) out.add(series(members));
    out.sort(Comparator.comparing(SeriesInfo::studyInstanceUid).thenComparing(SeriesInfo::seriesInstanceUid));
    return out;
  }

  private static SeriesInfo series(List<InstanceHeader> members) {
    List<InstanceHeader> sorted = new ArrayList<>(members);
    sorted.sort(sliceOrder(sorted));
    InstanceHeader first = sorted.get(0);
    String error = null;
    int frames = 0;
    for (InstanceHeader h : sorted) {
      frames += h.imageCount();
      if (error == null && !h.hasPixelData()) error = h.file() + ": no pixel data (not an image)";
      if (error == null && h.pixelProblem() != null) error = h.pixelProblem();
      if (error == null && (h.rows() != first.rows() || h.columns() != first.columns())) {
        error = h.file() + ": image size " + h.columns() + "x" + h.rows() + " differs from the series' "
            + first.columns() + "x" + first.rows();
      }
    }
    if (error == null) error = sizeProblem(sorted);
    int rows = first.rows(), cols = first.columns();
    if (first.mosaicImages() > 0) {
      int grid = Mosaic.gridSize(first.mosaicImages());
      rows /= grid;
      cols /= grid;
    }
    return new SeriesInfo(first.studyInstanceUid(), first.seriesInstanceUid(), first.modality(), rows, cols, frames,
        sorted.size(), first.transferSyntaxUid(), first.photometricInterpretation(), first.seriesDescription(),
        error, List.copyOf(sorted));
  }

  /** The series against {@link ResourceLimits}: all its pixels, and the memory to load it. */
  private static String sizeProblem(List<InstanceHeader> members) {
    long pixels = 0, largest = 0;
    boolean colour = false;
    for (InstanceHeader h : members) {
      long n = (long) h.rows() * h.columns() * Math.max(1, h.frames());
      boolean c = h.samplesPerPixel() == 3 || "PALETTE COLOR".equals(h.photometricInterpretation());
      pixels += n;
      colour |= c;
      double bytesPerPixel = h.bitsAllocated() == 1 ? 1 / 8.0 : h.samplesPerPixel() * h.bitsAllocated() / 8.0;
      largest = Math.max(largest, ResourceLimits.decodeBytes(n, (long) h.rows() * h.columns(), bytesPerPixel, c));
    }
    String problem = ResourceLimits.current().seriesProblem(pixels, colour, largest);
    return problem == null ? null : members.get(0).file() + ": " + problem + " (" + members.size() + " instances)";
  }

  /** Along the slice normal when every instance has a position, else by Instance Number, then file name. */
  private static Comparator<InstanceHeader> sliceOrder(List<InstanceHeader> members) {
    boolean positioned = members.size() > 1 && members.stream().noneMatch(h -> Double.isNaN(h.positionAlongNormal()));
    Comparator<InstanceHeader> byNumber = Comparator.comparingInt(InstanceHeader::instanceNumber)
        .thenComparing(h -> h.file().toString());
    return positioned ? Comparator.comparingDouble(InstanceHeader::positionAlongNormal).thenComparing(byNumber) : byNumber;
  }
}
