package org.crossmodal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.ImagingAreas;
import org.crossmodal.data.InputFit;
import org.crossmodal.data.LabelOverlay;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.DicomDates;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.OverlayWriter;
import org.crossmodal.dicom.PixelBlanker;
import org.crossmodal.dicom.SegmentationWriter;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.SourceFrames;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.SafeNames;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.Segmenter;

/**
 * One series in, its DICOM results out: decodes it, segments it (outside an ultrasound imaging area
 * everything is background), writes the SEG and, if asked, the overlay; when de-identifying, writes
 * de-identified copies of the SEG, the overlay and the source instances instead.
 */
final class SeriesSegmentation {
  static final String IDENTIFIED_TEMP = ".identified-";
  private final BatchConfig config;
  private final LoadedModel model;
  private final Deidentifier deidentifier;
  private final String algorithmVersion;

  SeriesSegmentation(BatchConfig config, LoadedModel model, Deidentifier deidentifier, String modelSha256) {
    this.config = config;
    this.model = model;
    this.deidentifier = deidentifier;
    this.algorithmVersion = "CrossModal Transfer 0.1.0, model sha256:" + modelSha256.substring(0, 12);
  }

  int classCount() {
    return model.descriptor().classes().size();
  }

  /** Pixels a series holds in memory while it is processed, per image pixel (grey, colour, labels, fractions, overlay). */
  static long bytesPerPixel(int classes) {
    return 4 + 4 + 1 + classes + 4 + 3;
  }

  StudyStatus.SeriesOutput run(SeriesInfo info, Path studyDir) throws IOException {
    ImageSeries s = new SeriesLoader().load(info);
    SourceFrames src = SourceFrames.of(info);
    if (src.count() != s.frameCount()) throw new IOException(info.files().get(0) + ": " + s.frameCount() + " images decoded, "
        + src.count() + " announced by the headers");
    StudyContext study = StudyContext.read(info.files().get(0));
    List<String> classes = model.descriptor().classes();
    List<byte[]> labels = new ArrayList<>(s.frameCount());
    List<byte[][]> fractions = config.fractional ? new ArrayList<>(s.frameCount()) : null;
    segment(s, classes.size(), labels, fractions);

    // Burned-in annotation: the overlay copies the source pixels, so it says YES unless every source says NO. When
    // de-identifying, ultrasound that may carry it is blanked outside the imaging area (or the study is refused).
    boolean allSayNo = true, blank = false;
    for (var h : info.instanceHeaders()) {
      String burnedIn = Deidentifier.burnedInAnnotation(h.file());
      allSayNo &= "NO".equals(burnedIn);
      if (deidentifier != null) {
        blank |= Deidentifier.pixelAction(h.file(), info.modality(), burnedIn) == Deidentifier.PixelAction.BLANK_OUTSIDE_IMAGING_AREA;
      }
    }
    boolean[] blankOutside = null;
    if (blank) {
      String why = PixelBlanker.implausible(s.imagingMask());
      if (why != null) {
        throw new IOException(info.files().get(0) + ": " + why + ", so burned-in annotation outside it cannot be blanked; "
            + "refused for the de-identified export");
      }
      blankOutside = s.imagingMask();
    }
    String burnedIn = allSayNo ? "NO" : "YES";

    String seriesKey = SafeNames.uid(deidentifier == null ? info.seriesInstanceUid() : deidentifier.uid(info.seriesInstanceUid()))
        + SafeNames.partSuffix(info.partSuffix());
    String now = DicomDates.now();
    var description = new SegmentationWriter.Description(classes, "CrossModal Transfer " + model.descriptor().kind(),
        algorithmVersion, "CrossModal Transfer " + model.descriptor().kind() + " segmentation", now);
    String segName = seriesKey + "-seg.dcm";
    write(AtomicFiles.under(studyDir, segName), file -> {
      if (fractions != null) SegmentationWriter.writeFractional(file, study, src, fractions, description);
      else SegmentationWriter.write(file, study, src, labels, description);
    });
    String overlayName = null;
    if (config.overlay) {
      overlayName = seriesKey + "-overlay.dcm";
      List<int[]> rgb = overlays(s, labels, blankOutside);
      write(AtomicFiles.under(studyDir, overlayName), file -> OverlayWriter.write(file, study, src, rgb, s.frameTimeMs(),
          "CrossModal Transfer " + model.descriptor().kind() + " overlay", now, burnedIn));
    }
    List<String> sources = new ArrayList<>();
    if (deidentifier != null) {
      for (var h : info.instanceHeaders()) {
        String file = SafeNames.uid(deidentifier.uid(h.sopInstanceUid())) + ".dcm", name = "sources/" + file;
        boolean[] area = Deidentifier.pixelAction(h.file(), info.modality(), Deidentifier.burnedInAnnotation(h.file()))
            == Deidentifier.PixelAction.BLANK_OUTSIDE_IMAGING_AREA ? blankOutside : null;
        deidentifier.copy(h.file(), AtomicFiles.under(studyDir, "sources", file), area);
        sources.add(name);
      }
    }
    return new StudyStatus.SeriesOutput(seriesKey, info.modality(), s.frameCount(), segName, overlayName, sources);
  }

  /** Inference in batches, one series image chunk at a time; the model is shared, so calls take turns. */
  private void segment(ImageSeries s, int classCount, List<byte[]> labels, List<byte[][]> fractions) {
    double pixelMm = SliceGeometry.isotropic(s.pixelWidthMm(), s.pixelHeightMm());
    boolean[] mask = ImageSources.modelArea(s);
    List<boolean[]> areas = mask == null ? null : ImagingAreas.of(s.grey(), s.width(), s.height(), mask);
    InputFit fit = InputFit.of(s.width(), s.height(), pixelMm, mask, model.descriptor().geometry());
    for (int start = 0; start < s.frameCount(); start += config.batchSize) {
      int end = Math.min(s.frameCount(), start + config.batchSize);
      List<float[]> chunk = List.of(s.grey()).subList(start, end);
      List<Segmenter.Prediction> predictions;
      synchronized (model) {
        predictions = Segmenter.forModality(model, config.batchSize, s.isUltrasound())
            .predictFitted(chunk, areas == null ? null : areas.subList(start, end), fit, Segmenter.Options.plain());
      }
      for (Segmenter.Prediction p : predictions) {
        byte[] lab = p.labels();
        if (mask != null) for (int i = 0; i < lab.length; i++) if (!mask[i]) lab[i] = 0;
        labels.add(lab);
        if (fractions != null) {
          byte[][] f = new byte[classCount][];
          for (int c = 1; c < classCount; c++) {
            f[c] = new byte[lab.length];
            for (int i = 0; i < lab.length; i++) f[c][i] = mask != null && !mask[i] ? 0 : SegmentationWriter.fraction(p.probabilities()[c][i]);
          }
          fractions.add(f);
        }
      }
    }
  }

  /** The labels drawn over each image; {@code blankOutside} non-null: black outside that area (burned-in annotation). */
  private static List<int[]> overlays(ImageSeries s, List<byte[]> labels, boolean[] blankOutside) {
    float[] window = s.isColour() ? null : LabelOverlay.window(s.grey());
    List<int[]> out = new ArrayList<>(s.frameCount());
    for (int f = 0; f < s.frameCount(); f++) {
      int[] base = s.isColour() ? s.rgb()[f] : LabelOverlay.grey(s.grey()[f], window[0], window[1]);
      if (blankOutside != null) {
        base = base.clone();
        for (int i = 0; i < base.length; i++) if (!blankOutside[i]) base[i] = 0;
      }
      out.add(LabelOverlay.draw(base, labels.get(f), s.width(), s.height()));
    }
    return out;
  }

  private interface Writer {
    void write(Path file) throws IOException;
  }

  /**
   * Writes directly, or, when de-identifying, to a temporary file that is then copied de-identified
   * (a kill can leave the temporary file; the next run of the study removes it).
   */
  private void write(Path target, Writer writer) throws IOException {
    if (deidentifier == null) {
      writer.write(target);
      return;
    }
    Path tmp = Files.createTempFile(target.getParent(), IDENTIFIED_TEMP, ".dcm");
    try {
      writer.write(tmp);
      deidentifier.copy(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
