package org.crossmodal.inference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImagingAreas;
import org.crossmodal.data.InputFit;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.Segmenter;
import org.crossmodal.simulate.SimulatedFrames;

/** Builds ultrasound frames from the simulator or from images a user brings, and segments them. */
public final class UltrasoundFrames {
  private UltrasoundFrames() {}

  /**
   * Simulated frames, their imaging areas found as for the same frames read back from the DICOM file
   * a run writes of them (one region over the whole image): so `evaluate` on that file gives the
   * run's own figures.
   */
  public static List<UltrasoundFrame> simulated(List<SimulatedFrames.Sample> samples) {
    var first = samples.get(0).frame();
    float[][] grey = new float[samples.size()][];
    List<byte[]> truth = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      var f = samples.get(i).frame();
      if (f.size() != first.size() || f.pixelMm() != first.pixelMm()) throw new IllegalArgumentException("simulated frames differ in size");
      grey[i] = new float[f.bmode().length];
      for (int j = 0; j < grey[i].length; j++) grey[i][j] = f.bmode()[j] & 0xff;
      truth.add(f.labels());
    }
    List<UltrasoundFrame> read = of(new ImageSource("simulated", first.size(), first.size(), grey, first.pixelMm(), first.pixelMm(), null), truth);
    List<UltrasoundFrame> out = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      UltrasoundFrame f = read.get(i);
      int slice = samples.get(i).slice();
      out.add(new UltrasoundFrame("sim" + i + "-z" + slice, slice, f.width(), f.height(), f.pixelMm(), f.image(), f.sector(), f.truth()));
    }
    return out;
  }

  /**
   * Frames of one image source; {@code truth} (one label image per frame) may be null. Each frame's
   * imaging area is its fan ({@link ImagingAreas}); with non-square pixels the scale is unknown.
   */
  public static List<UltrasoundFrame> of(ImageSource src, List<byte[]> truth) {
    List<boolean[]> areas = ImagingAreas.of(src);
    double w = src.pixelWidthMm(), h = src.pixelHeightMm();
    double pixelMm = w > 0 && Math.abs(w - h) < 1e-3 * w ? w : 0;
    List<UltrasoundFrame> out = new ArrayList<>();
    for (int i = 0; i < src.frames().length; i++) {
      out.add(new UltrasoundFrame(src.name() + "#" + (i + 1), i, src.width(), src.height(), pixelMm, src.frames()[i],
          areas.get(i), truth == null ? null : truth.get(i)));
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
    // Frames placed alike on the network's input go through it together.
    Map<String, List<Integer>> byPlacement = new LinkedHashMap<>();
    Map<String, InputFit> fits = new LinkedHashMap<>();
    for (int i = 0; i < frames.size(); i++) {
      UltrasoundFrame f = frames.get(i);
      InputFit fit = InputFit.of(f.width(), f.height(), f.pixelMm(), f.sector(), model.descriptor().geometry());
      StringBuilder key = new StringBuilder(f.width() + "x" + f.height() + "/" + fit.side());
      for (int[] w : fit.windows()) key.append('@').append(w[0]).append(',').append(w[1]);
      fits.putIfAbsent(key.toString(), fit);
      byPlacement.computeIfAbsent(key.toString(), k -> new ArrayList<>()).add(i);
    }
    for (var e : byPlacement.entrySet()) {
      List<Integer> idx = e.getValue();
      List<Segmenter.Prediction> p = segmenter.predictFitted(idx.stream().map(i -> frames.get(i).image()).toList(),
          idx.stream().map(i -> frames.get(i).sector()).toList(), fits.get(e.getKey()), o);
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
