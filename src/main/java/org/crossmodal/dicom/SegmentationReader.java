package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.TagFromName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a DICOM Segmentation (BINARY or FRACTIONAL) into a class-index volume: a pixel gets the
 * number of the segment whose frame covers it. Frames of each segment are stacked in their order
 * in the file (one per source slice); every segment must have the same number of frames.
 */
public final class SegmentationReader {
  /** Segment numbers per pixel, frame after frame (x fastest), and the pixel spacing (1 mm when absent). */
  public record Frames(int columns, int rows, int frames, double pixelWidthMm, double pixelHeightMm, float[] segments) {}

  private static final String SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4";

  private SegmentationReader() {}

  public static Frames read(Path file) throws IOException {
    AttributeList l = open(file);
    int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
    int cols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
    int frames = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1);
    Pixels pixels = new Pixels(l);
    try {
      byte[] px = l.getPixelData().getByteValues();
      int[] segmentOfFrame = segmentNumbers(l, frames, file);
      Map<Integer, List<Integer>> framesBySegment = new LinkedHashMap<>();
      for (int f = 0; f < frames; f++) framesBySegment.computeIfAbsent(segmentOfFrame[f], k -> new ArrayList<>()).add(f);
      int depth = framesBySegment.values().iterator().next().size();
      for (var e : framesBySegment.entrySet()) {
        if (e.getValue().size() != depth) {
          throw new DicomFileException(file, "segment " + e.getKey() + " has " + e.getValue().size() + " frames, others " + depth);
        }
      }
      int n = rows * cols;
      float[] v = new float[n * depth];
      for (var e : framesBySegment.entrySet()) {
        for (int z = 0; z < depth; z++) {
          int f = e.getValue().get(z);
          for (int i = 0; i < n; i++) {
            if (pixels.on(px, f, n, i)) v[z * n + i] = e.getKey();
          }
        }
      }
      double[] spacing = Attribute.getDoubleValues(l, TagFromName.PixelSpacing);
      return new Frames(cols, rows, depth, spacing == null ? 1 : spacing[1], spacing == null ? 1 : spacing[0], v);
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(file, "segmentation frames cannot be read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * The segmentation placed on the images it was drawn on: {@code sources} are the SOP Instance UIDs
   * of those images in volume order; each frame sets its segment's number on the image its Derivation
   * Image Sequence names (frames of empty slices may be left out, as many writers do). Null when no
   * frame names a source image; an error when a frame names an image not in {@code sources}.
   */
  public static float[] onSources(Path file, List<String> sources, int columns, int rows) throws IOException {
    AttributeList l = open(file);
    int segRows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
    int segCols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
    if (segRows != rows || segCols != columns) {
      throw new DicomFileException(file, "its frames are " + segCols + "x" + segRows + ", the images " + columns + "x" + rows);
    }
    int frames = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1);
    Pixels pixels = new Pixels(l);
    Map<String, Integer> slice = new LinkedHashMap<>();
    for (int k = 0; k < sources.size(); k++) slice.put(sources.get(k), k);
    try {
      int[] segmentOfFrame = segmentNumbers(l, frames, file);
      SequenceAttribute perFrame = (SequenceAttribute) l.get(TagFromName.PerFrameFunctionalGroupsSequence);
      byte[] px = l.getPixelData().getByteValues();
      int n = rows * columns;
      float[] v = new float[n * sources.size()];
      int placed = 0;
      for (int f = 0; f < frames; f++) {
        String uid = sourceInstance(perFrame.getItem(f).getAttributeList());
        if (uid == null) continue;
        Integer k = slice.get(uid);
        if (k == null) throw new DicomFileException(file, "frame " + (f + 1) + " lies on an image that is not in the series");
        placed++;
        for (int i = 0; i < n; i++) {
          if (pixels.on(px, f, n, i)) v[k * n + i] = segmentOfFrame[f];
        }
      }
      return placed == 0 ? null : v;
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(file, "segmentation frames cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static AttributeList open(Path file) throws IOException {
    AttributeList l = new AttributeList();
    try {
      l.read(file.toFile());
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(file, "not readable as DICOM (" + e.getMessage() + ")", e);
    }
    if (!SEG_SOP_CLASS.equals(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPClassUID))) {
      throw new DicomFileException(file, "not a DICOM Segmentation object");
    }
    return l;
  }

  /** How a frame's pixels are stored: BINARY (one bit each) or FRACTIONAL (a byte, on above half the maximum). */
  private record Pixels(int bits, boolean fractional, int maxFraction) {
    Pixels(AttributeList l) {
      this(Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsAllocated, 1),
          "FRACTIONAL".equals(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SegmentationType)),
          Attribute.getSingleIntegerValueOrDefault(l, TagFromName.MaximumFractionalValue, 255));
    }

    /** Whether pixel {@code i} of frame {@code f} ({@code n} pixels a frame) is in the segment. */
    boolean on(byte[] px, int f, int n, int i) {
      if (bits == 1) {
        long bit = (long) f * n + i;
        return (px[(int) (bit >> 3)] >> (bit & 7) & 1) != 0;
      }
      int value = px[f * n + i] & 0xff;
      return fractional ? value * 2 > maxFraction : value != 0;
    }
  }

  /** The SOP Instance UID of the image a frame was derived from, or null. */
  private static String sourceInstance(AttributeList frame) {
    if (!(frame.get(TagFromName.DerivationImageSequence) instanceof SequenceAttribute der) || der.getNumberOfItems() == 0) return null;
    if (!(der.getItem(0).getAttributeList().get(TagFromName.SourceImageSequence) instanceof SequenceAttribute src)
        || src.getNumberOfItems() == 0) {
      return null;
    }
    String uid = Attribute.getSingleStringValueOrEmptyString(src.getItem(0).getAttributeList(), TagFromName.ReferencedSOPInstanceUID);
    return uid.isEmpty() ? null : uid;
  }

  private static int[] segmentNumbers(AttributeList l, int frames, Path file) throws DicomFileException {
    int[] out = new int[frames];
    Attribute pf = l.get(TagFromName.PerFrameFunctionalGroupsSequence);
    if (!(pf instanceof SequenceAttribute seq) || seq.getNumberOfItems() < frames) {
      throw new DicomFileException(file, "Per-frame Functional Groups do not cover all " + frames + " frames");
    }
    for (int f = 0; f < frames; f++) {
      AttributeList item = seq.getItem(f).getAttributeList();
      Attribute si = item.get(TagFromName.SegmentIdentificationSequence);
      if (!(si instanceof SequenceAttribute s) || s.getNumberOfItems() == 0) {
        throw new DicomFileException(file, "frame " + (f + 1) + " names no segment");
      }
      out[f] = Attribute.getSingleIntegerValueOrDefault(s.getItem(0).getAttributeList(), TagFromName.ReferencedSegmentNumber, 0);
    }
    return out;
  }
}
