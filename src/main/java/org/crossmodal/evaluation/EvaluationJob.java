package org.crossmodal.evaluation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.LabelMaps;
import org.crossmodal.data.Volume;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.ModelPath;
import org.crossmodal.model.Segmenter;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;

/**
 * Scores a model on labelled ultrasound a user brings: images as DICOM US (single- or
 * multi-frame; folders, zips), ImageJ TIFFs; labels as a DICOM SEG or label TIFFs, matched to the
 * images by name ({@code NAME.tif}, {@code NAME_labels.tif}, {@code NAME.dcm}) and frame by frame; NAME is
 * the source's name, or each file's own name where a series' files each have labels ({@link LabelPairing}).
 * Writes {@code metrics.json}: Dice per class and {@code meanForeground} over all frames, then
 * the same per source.
 */
public final class EvaluationJob {
  public static final String METRICS = "metrics.json";

  private EvaluationJob() {}

  public static Map<String, Object> run(Path model, Path images, Path labels, Path outDir, int threads) throws IOException {
    ModelPath.requireFile(model); // before images and labels are read: a wrong path should not wait for them
    List<ImageSource> sources = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    for (List<Path> group : LabelPairing.imageGroups(images, labels, errors)) ImageSources.open(group, sources::add, errors::add);
    sources = ImageSources.uniquelyNamed(sources);
    if (sources.isEmpty()) {
      throw new IOException(images + ": no images to evaluate" + (errors.isEmpty() ? "" : " (" + errors.get(0) + ")"));
    }
    List<UltrasoundFrame> all = new ArrayList<>();
    Map<String, List<UltrasoundFrame>> bySource = new LinkedHashMap<>();
    for (ImageSource s : sources) {
      Path labelFile = labelsFor(s, labels, sources.size());
      List<UltrasoundFrame> frames = UltrasoundFrames.of(s, truth(labelFile, s));
      bySource.put(s.name(), frames);
      all.addAll(frames);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    try (LoadedModel m = ModelFile.load(model, threads)) {
      List<String> classes = m.descriptor().classes();
      List<Segmenter.Prediction> predictions = UltrasoundFrames.predict(m, all, Segmenter.Options.plain());
      doc.putAll(Dice.of(predictions, all, classes).values());
      doc.put("frames", all.size());
      doc.put("model", model.getFileName().toString());
      doc.put("modelKind", m.descriptor().kind());
      Map<String, Object> per = new LinkedHashMap<>();
      int k = 0;
      for (var e : bySource.entrySet()) {
        List<Segmenter.Prediction> part = predictions.subList(k, k + e.getValue().size());
        per.put(e.getKey(), Dice.of(part, e.getValue(), classes));
        k += e.getValue().size();
      }
      doc.put("perSource", per);
      doc.put("skipped", errors);
    }
    Json.write(outDir.resolve(METRICS), doc);
    return doc;
  }

  /** The label file of one image source: {@code labels} itself for a single source, else matched by name. */
  static Path labelsFor(ImageSource s, Path labels, int sources) throws IOException {
    if (!Files.isDirectory(labels)) {
      if (sources == 1) return labels;
      throw new IOException(labels + ": one label file for " + sources + " image series; pass a folder with NAME.tif or NAME.dcm per series");
    }
    Path p = labelFile(labels, s.name());
    if (p != null) return p;
    throw new IOException(labels + ": no labels for " + s.name() + " (looked for " + s.name() + ".tif, "
        + s.name() + "_labels.tif and " + s.name() + ".dcm)");
  }

  /** The label file for images named {@code name} in the folder {@code labels}, or null. */
  static Path labelFile(Path labels, String name) {
    for (String suffix : List.of(".tif", ".tiff", "_labels.tif", "_labels.tiff", ".dcm", "_seg.dcm")) {
      Path p = labels.resolve(name + suffix);
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  /** The class index of every pixel of every frame of {@code s}, from {@code labelFile} (a label TIFF or a DICOM SEG). */
  public static List<byte[]> truth(Path labelFile, ImageSource s) throws IOException {
    Volume v = LabelMaps.read(labelFile);
    if (v.nx() != s.width() || v.ny() != s.height() || v.nz() != s.frames().length) {
      throw new IOException(labelFile + ": labels are " + v.nx() + "x" + v.ny() + " with " + v.nz() + " frames but "
          + s.name() + " is " + s.width() + "x" + s.height() + " with " + s.frames().length);
    }
    List<byte[]> out = new ArrayList<>();
    for (int z = 0; z < v.nz(); z++) {
      float[] f = v.axial(z);
      byte[] b = new byte[f.length];
      for (int i = 0; i < f.length; i++) {
        if (f[i] < 0 || f[i] > 127 || f[i] != Math.rint(f[i])) {
          throw new IOException(labelFile + ": frame " + (z + 1) + " holds " + f[i] + ", not a class index");
        }
        b[i] = (byte) f[i];
      }
      out.add(b);
    }
    return out;
  }
}
