package org.crossmodal.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.ImageSource;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.Segmenter;
import org.crossmodal.simulate.SimulatedFrames;

/** Builds ultrasound frames from the simulator or from images a user brings, and segments them. */
public final class UltrasoundFrames {
  private UltrasoundFrames() {}

  public static List<UltrasoundFrame> simulated(List<SimulatedFrames.Sample> samples) {
    List<UltrasoundFrame> out = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      var f = samples.get(i).frame();
      float[] grey = new float[f.bmode().length];
      for (int j = 0; j < grey.length; j++) grey[j] = f.bmode()[j] & 0xff;
      out.add(new UltrasoundFrame("sim" + i + "-z" + samples.get(i).slice(), samples.get(i).slice(), f.size(), f.size(),
          f.pixelMm(), grey, f.sector(), f.labels()));
    }
    return out;
  }

  /**
   * Frames of one image source; {@code truth} (one label image per frame) may be null. Without an
   * imaging area (TIFF input) the whole image counts; with non-square pixels the scale is unknown.
   */
  public static List<UltrasoundFrame> of(ImageSource src, List<byte[]> truth) {
    boolean[] sector = src.mask();
    if (sector == null) {
      sector = new boolean[src.width() * src.height()];
      Arrays.fill(sector, true);
    }
    double w = src.pixelWidthMm(), h = src.pixelHeightMm();
    double pixelMm = w > 0 && Math.abs(w - h) < 1e-3 * w ? w : 0;
    List<UltrasoundFrame> out = new ArrayList<>();
    for (int i = 0; i < src.frames().length; i++) {
      out.add(new UltrasoundFrame(src.name() + "#" + (i + 1), i, src.width(), src.height(), pixelMm, src.frames()[i],
          sector, truth == null ? null : truth.get(i)));
    }
    return out;
  }

  /**
   * Segments frames with the model's ultrasound statistics (if it has them); outside the imaging
   * area the answer is background with certainty.
   */
  public static List<Segmenter.Prediction> predict(LoadedModel model, List<UltrasoundFrame> frames, Segmenter.Options o) {
    Segmenter segmenter = Segmenter.forModality(model, 16, true);
    Segmenter.Prediction[] out = new Segmenter.Prediction[frames.size()];
    Map<String, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      UltrasoundFrame f = frames.get(i);
      bySize.computeIfAbsent(f.width() + "x" + f.height() + "@" + f.pixelMm(), k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> idx : bySize.values()) {
      UltrasoundFrame first = frames.get(idx.get(0));
      List<Segmenter.Prediction> p = segmenter.predictAll(idx.stream().map(i -> frames.get(i).image()).toList(),
          first.width(), first.height(), first.pixelMm(), o);
      for (int k = 0; k < idx.size(); k++) out[idx.get(k)] = masked(p.get(k), frames.get(idx.get(k)).sector());
    }
    return List.of(out);
  }

  /** Outside the imaging area the answer is background with certainty: it is known from the acquisition, not predicted. */
  static Segmenter.Prediction masked(Segmenter.Prediction p, boolean[] sector) {
    for (int i = 0; i < sector.length; i++) {
      if (sector[i]) continue;
      p.labels()[i] = 0;
      for (int c = 0; c < p.probabilities().length; c++) p.probabilities()[c][i] = c == 0 ? 1 : 0;
    }
    return p;
  }
}
