package org.crossmodal.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;

/**
 * Segments every image of the inputs with a model file: per source a label TIFF and a probability
 * TIFF in {@code outDir}, and {@code outDir/segmentations.json} listing them (and any failures).
 * Outside an ultrasound imaging area, labels are background.
 */
public final class SegmentJob {
  private SegmentJob() {}

  public record Result(String source, String labels, String probabilities, int frames, String error) {}

  public static List<Result> run(Path model, List<Path> inputs, Path outDir, int threads, Consumer<String> progress)
      throws IOException {
    List<Result> results = new ArrayList<>();
    try (LoadedModel m = ModelFile.load(model, threads)) {
      List<String> classes = m.descriptor().classes();
      List<IOException> failure = new ArrayList<>();
      ImageSources.open(inputs, src -> {
        try {
          results.add(segment(Segmenter.forModality(m, 16, src.mask() != null), classes, src, outDir));
          progress.accept("segmented " + src.name() + " (" + src.frames().length + " images)");
        } catch (IOException e) {
          failure.add(e);
        }
      }, err -> results.add(new Result(null, null, null, 0, err)));
      if (!failure.isEmpty()) throw failure.get(0);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", model.getFileName().toString());
    doc.put("results", results);
    Json.write(outDir.resolve("segmentations.json"), doc);
    return results;
  }

  private static Result segment(Segmenter segmenter, List<String> classes, ImageSource src, Path outDir) throws IOException {
    List<byte[]> labels = new ArrayList<>();
    List<float[][]> probs = new ArrayList<>();
    for (Segmenter.Prediction p : segmenter.predictAll(List.of(src.frames()), src.width(), src.height(),
        SliceGeometry.isotropic(src.pixelWidthMm(), src.pixelHeightMm()), Segmenter.Options.plain())) {
      if (src.mask() != null) UltrasoundFrames.masked(p, src.mask());
      labels.add(p.labels());
      probs.add(p.probabilities());
    }
    String labelFile = src.name() + "_labels.tif", probFile = src.name() + "_probabilities.tif";
    LabelImages.save(LabelImages.labels(labelFile, src.width(), src.height(), labels, src.pixelWidthMm(), src.pixelHeightMm()),
        AtomicFiles.under(outDir, labelFile));
    LabelImages.save(LabelImages.probabilities(probFile, src.width(), src.height(), probs, classes, src.pixelWidthMm(),
        src.pixelHeightMm()), AtomicFiles.under(outDir, probFile));
    return new Result(src.name(), labelFile, probFile, src.frames().length, null);
  }
}
