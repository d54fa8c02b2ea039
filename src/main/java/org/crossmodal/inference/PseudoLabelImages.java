package org.crossmodal.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;

/** One set of pseudo-labels as files, at the network's input scale (calibrated in mm where the model knows its field of view). */
public final class PseudoLabelImages {
  private PseudoLabelImages() {}

  /** Labels (255 = ignored), confidence and entropy per frame, and the statistics. */
  public static void save(PseudoLabeller.Result r, NetworkGeometry network, RunFolder.PseudoLabels files) throws IOException {
    int n = network.inputSize();
    double mm = network.pixelMm();
    List<byte[]> labels = r.frames().stream().map(PseudoLabeller.Frame::labels).toList();
    LabelImages.save(LabelImages.labels("pseudo-labels", n, n, labels, mm, mm), files.labels());
    List<float[][]> conf = new ArrayList<>();
    for (PseudoLabeller.Frame f : r.frames()) conf.add(new float[][] {f.confidence(), f.entropy()});
    LabelImages.save(LabelImages.probabilities("confidence", n, n, conf, List.of("confidence", "entropy"), mm, mm), files.confidence());
    Json.write(files.stats(), r.stats());
  }
}
