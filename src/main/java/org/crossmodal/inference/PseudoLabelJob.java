package org.crossmodal.inference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.InputFit;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.config.StudentConfig;

/**
 * Pseudo-labels ultrasound a user brings: per source, {@code NAME/pseudo-labels.tif} (255 =
 * ignored), {@code NAME/confidence.tif} (confidence and entropy per frame) and
 * {@code NAME/pseudo-labels.json} (thresholds, kept fractions, class balance), at the network's
 * input scale; {@code pseudo-labels.json} lists them and any inputs that could not be read.
 */
public final class PseudoLabelJob {
  private PseudoLabelJob() {}

  public static Map<String, Object> run(Path model, List<Path> inputs, Path outDir, StudentConfig.PseudoLabels c, int threads)
      throws IOException {
    c.check();
    List<ImageSource> sources = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    ImageSources.open(inputs, sources::add, errors::add);
    List<Map<String, Object>> done = new ArrayList<>();
    try (LoadedModel m = ModelFile.load(model, threads)) {
      NetworkGeometry network = m.descriptor().geometry();
      for (ImageSource src : sources) {
        List<UltrasoundFrame> frames = UltrasoundFrames.of(src, null);
        List<UltrasoundFrame.Square> sq = frames.stream().map(f -> f.toNetwork(network)).toList();
        PseudoLabeller.Result r = PseudoLabeller.label(m, m.descriptor().domainFor(true), sq, c);
        // Calibrated like the input: in mm only when it has a pixel size.
        InputFit fit = frames.get(0).fit(network);
        NetworkGeometry saved = new NetworkGeometry(network.inputSize(), fit.pixelMm() > 0 ? fit.side() * fit.pixelMm() : 0);
        PseudoLabelImages.save(r, saved, new RunFolder.PseudoLabels(AtomicFiles.under(outDir, src.name())));
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("source", src.name());
        e.put("frames", sq.size());
        e.put("keptFractionAll", r.stats().get("keptFractionAll"));
        done.add(e);
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", model.getFileName().toString());
    doc.put("settings", c);
    doc.put("results", done);
    doc.put("skipped", errors);
    Json.write(outDir.resolve("pseudo-labels.json"), doc);
    return doc;
  }
}
