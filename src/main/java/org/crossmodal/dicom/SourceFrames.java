package org.crossmodal.dicom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The source images that derived objects (SEG, overlays) lie on, one entry per image in series
 * order: which instance and, for multi-frame instances, which frame (1-based; 0 for single-frame).
 */
public record SourceFrames(String seriesInstanceUid, int rows, int columns, List<Frame> frames) {
  public record Frame(String sopClassUid, String sopInstanceUid, int frameNumber) {}

  /** A referenced SOP instance. */
  public record Instance(String sopClassUid, String sopInstanceUid) {}

  public static SourceFrames of(UltrasoundImageWriter.Written w) {
    List<Frame> frames = new ArrayList<>();
    for (int f = 0; f < w.frames(); f++) frames.add(new Frame(w.sopClassUid(), w.sopInstanceUid(), w.frames() > 1 ? f + 1 : 0));
    return new SourceFrames(w.seriesInstanceUid(), w.rows(), w.columns(), frames);
  }

  /** The images of a scanned series, as {@link SeriesLoader} orders them. Mosaics have no per-image source frame. */
  public static SourceFrames of(SeriesInfo s) throws DicomFileException {
    List<Frame> frames = new ArrayList<>();
    for (InstanceHeader h : s.instanceHeaders()) {
      if (h.mosaicImages() > 0) throw new DicomFileException(h.file(), "is a mosaic; its images are not frames a SEG can reference");
      int n = Math.max(1, h.frames());
      for (int f = 0; f < n; f++) frames.add(new Frame(h.sopClassUid(), h.sopInstanceUid(), h.frames() > 1 ? f + 1 : 0));
    }
    return new SourceFrames(s.seriesInstanceUid(), s.rows(), s.columns(), List.copyOf(frames));
  }

  public int count() {
    return frames.size();
  }

  public List<Instance> instances() {
    Map<String, Instance> out = new LinkedHashMap<>();
    for (Frame f : frames) out.putIfAbsent(f.sopInstanceUid(), new Instance(f.sopClassUid(), f.sopInstanceUid()));
    return List.copyOf(out.values());
  }
}
