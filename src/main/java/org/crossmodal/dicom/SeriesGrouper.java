package org.crossmodal.dicom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups instance headers into series (Study → Series → instances), splits series whose instances
 * cannot be stacked ({@link SubSeries}) and orders the slices. An instance with broken pixel data
 * gets a row of its own naming it; the rest of its series still loads, with a warning about the gap.
 */
final class SeriesGrouper {
  private SeriesGrouper() {}

  /** The series, sorted by study, series and part; then one error row per broken instance. */
  static List<SeriesInfo> group(List<InstanceHeader> headers) {
    Map<String, List<InstanceHeader>> bySeries = new LinkedHashMap<>();
    for (InstanceHeader h : headers) {
      bySeries.computeIfAbsent(h.studyInstanceUid() + "|" + h.seriesInstanceUid(), k -> new ArrayList<>()).add(h);
    }
    List<SeriesInfo> out = new ArrayList<>();
    List<String> broken = new ArrayList<>();
    for (List<InstanceHeader> members : bySeries.values()) {
      for (Map.Entry<String, List<InstanceHeader>> part : SubSeries.split(members.get(0).seriesInstanceUid(), members).entrySet()) {
        List<InstanceHeader> good = new ArrayList<>();
        List<InstanceHeader> bad = new ArrayList<>();
        for (InstanceHeader h : part.getValue()) (problem(h) == null ? good : bad).add(h);
        for (InstanceHeader h : bad) broken.add(problem(h));
        if (!good.isEmpty()) out.add(series(part.getKey(), good, bad));
      }
    }
    out.sort(Comparator.comparing(SeriesInfo::studyInstanceUid).thenComparing(SeriesInfo::seriesInstanceUid)
        .thenComparing(SeriesInfo::seriesId));
    broken.sort(null);
    for (String e : broken) out.add(SeriesInfo.unreadable(e));
    return out;
  }

  /** Why an instance cannot be part of a loaded series, or null. */
  private static String problem(InstanceHeader h) {
    if (!h.hasPixelData()) return h.file() + ": no pixel data (not an image)";
    return h.pixelProblem();
  }

  private static SeriesInfo series(String seriesId, List<InstanceHeader> members, List<InstanceHeader> leftOut) {
    List<InstanceHeader> sorted = new ArrayList<>(members);
    sorted.sort(sliceOrder(sorted));
    InstanceHeader first = sorted.get(0);
    int frames = 0;
    for (InstanceHeader h : sorted) frames += h.imageCount();
    String error = sizeProblem(sorted);
    int rows = first.rows(), cols = first.columns();
    if (first.mosaicImages() > 0) {
      int grid = Mosaic.gridSize(first.mosaicImages());
      rows /= grid;
      cols /= grid;
    }
    return new SeriesInfo(first.studyInstanceUid(), first.seriesInstanceUid(), first.modality(), rows, cols, frames,
        sorted.size(), first.transferSyntaxUid(), first.photometricInterpretation(), first.seriesDescription(),
        error, seriesId, gapWarning(leftOut, sorted.size()), List.copyOf(sorted));
  }

  /** Null when nothing was left out; else how many instances are missing and which, so that a gap is never silent. */
  private static String gapWarning(List<InstanceHeader> leftOut, int kept) {
    if (leftOut.isEmpty()) return null;
    List<String> names = leftOut.stream().map(h -> h.file().getFileName().toString()).sorted().toList();
    return leftOut.size() + " of " + (kept + leftOut.size()) + " instances left out, their pixel data not readable here ("
        + String.join(", ", names) + "): the series has gaps where they were";
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
