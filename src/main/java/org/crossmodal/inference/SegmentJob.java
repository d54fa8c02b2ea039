package org.crossmodal.inference;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImagingAreas;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.InputFit;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.Suitability;

/**
 * Segments every image of the inputs with a model file: per input {@code NAME_labels.tif} and
 * {@code NAME_probabilities.tif} in {@code outDir}, named after the input, and
 * {@code outDir/segmentations.json} listing them (with how each was fitted to the network, any
 * warning about its fit to the model, and the inputs that could not be read). Outside an
 * ultrasound imaging area, labels are background. An uncalibrated image is segmented over its
 * whole imaging area ({@link InputFit}); {@code depthMm}, when given, is the depth of that area and
 * gives it a real scale. When no input could be segmented nothing is written and the error says
 * why.
 */
public final class SegmentJob {
  private SegmentJob() {}

  /**
   * One input: its results' file names, frames, the series it was (DICOM), how it was fitted to the
   * network, warnings about its fit to the model; or the error that kept it out.
   */
  public record Result(String source, String labels, String probabilities, int frames, String seriesInstanceUid, String fit,
      List<String> warnings, String error) {
    static Result failed(String error) {
      return new Result(null, null, null, 0, null, null, List.of(), error);
    }
  }

  public static List<Result> run(Path model, List<Path> inputs, Path outDir, int threads, Consumer<String> progress)
      throws IOException {
    return run(model, inputs, outDir, threads, 0, null, progress);
  }

  /**
   * As above; {@code modality} ("US" or "MR") is what inputs that do not say theirs (images without a
   * Modality property: TIFF, PNG, JPEG) are taken to be; null: MR. DICOM and NIfTI inputs keep their own.
   */
  public static List<Result> run(Path model, List<Path> inputs, Path outDir, int threads, double depthMm, String modality,
      Consumer<String> progress) throws IOException {
    List<Result> results = new ArrayList<>();
    boolean existed = Files.exists(outDir);
    try (LoadedModel m = ModelFile.load(model, threads)) {
      List<IOException> failure = new ArrayList<>();
      ImageSources.open(inputs, read -> {
        if (!failure.isEmpty()) return;
        ImageSource src = read.withOrigin(read.origin().orModality(modality));
        try {
          Result r = segment(m, src, outDir, depthMm, progress);
          results.add(r);
          progress.accept("segmented " + src.name() + " (" + r.frames() + (r.frames() == 1 ? " image" : " images") + ")");
        } catch (IOException e) {
          failure.add(e);
        }
      }, err -> results.add(Result.failed(err)));
      if (!failure.isEmpty()) throw failure.get(0);
    } catch (IOException | RuntimeException e) {
      if (!existed) removeIfEmpty(outDir);
      throw e;
    }
    if (results.stream().allMatch(r -> r.error() != null)) {
      if (!existed) removeIfEmpty(outDir);
      throw new IOException("nothing was segmented, no output written"
          + (results.isEmpty() ? ": no inputs" : ": " + String.join("; ", results.stream().map(Result::error).toList())));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", model.getFileName().toString());
    doc.put("results", results);
    Json.write(outDir.resolve("segmentations.json"), doc);
    return results;
  }

  private static void removeIfEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var s = Files.list(dir)) {
      if (s.findAny().isEmpty()) Files.delete(dir);
    }
  }

  private static Result segment(LoadedModel m, ImageSource src, Path outDir, double depthMm, Consumer<String> progress)
      throws IOException {
    double pixelMm = SliceGeometry.isotropic(src.pixelWidthMm(), src.pixelHeightMm());
    boolean fromDepth = pixelMm <= 0 && depthMm > 0;
    if (fromDepth) pixelMm = InputFit.ofDepth(src.width(), src.height(), src.mask(), depthMm);
    InputFit fit = InputFit.of(src.width(), src.height(), pixelMm, src.mask(), m.descriptor().geometry());
    String how = fromDepth ? String.format(java.util.Locale.ROOT, "imaging depth %.0f mm given: ", depthMm) + fit.how() : fit.how();
    List<String> warnings = Suitability.check(m.descriptor(), src.name(), src.origin(), fit, List.of(src.frames()));
    progress.accept(src.name() + ": " + how);
    warnings.forEach(w -> progress.accept("warning: " + w));
    boolean ultrasound = src.mask() != null || "US".equals(src.origin().modality());
    List<byte[]> labels = new ArrayList<>();
    List<float[][]> probs = new ArrayList<>();
    List<boolean[]> areas = ultrasound ? ImagingAreas.of(src) : null;
    for (Segmenter.Prediction p : Segmenter.forModality(m, 16, ultrasound).predictFitted(List.of(src.frames()), areas, fit,
        Segmenter.Options.plain())) {
      labels.add(p.labels());
      probs.add(p.probabilities());
    }
    double pw = fromDepth ? pixelMm : src.pixelWidthMm(), ph = fromDepth ? pixelMm : src.pixelHeightMm();
    List<String> classes = m.descriptor().classes();
    String labelFile = src.name() + "_labels.tif", probFile = src.name() + "_probabilities.tif";
    LabelImages.save(LabelImages.labels(src.name() + "-labels", src.width(), src.height(), labels, pw, ph, classes,
        src.origin().source()), AtomicFiles.under(outDir, labelFile));
    LabelImages.save(LabelImages.probabilities(src.name() + "-probabilities", src.width(), src.height(), probs, classes, pw, ph),
        AtomicFiles.under(outDir, probFile));
    return new Result(src.name(), labelFile, probFile, src.frames().length,
        src.origin().seriesInstanceUid().isEmpty() ? null : src.origin().seriesInstanceUid(), how, warnings, null);
  }
}
