package org.crossmodal.inference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.Segmenter;
import org.crossmodal.config.StudentConfig;

/**
 * Pseudo-labels ultrasound with a model: class probabilities averaged over Monte-Carlo dropout and
 * flip test-time augmentation, predictive entropy, confidence (the top probability), and labels that
 * keep only confident pixels. Thresholds are class-balanced (Zou et al. 2018): per class, the
 * {@code quantile} of the confidences of pixels predicted as that class, capped at {@code cap}, so
 * a rare, less certain class keeps its share instead of being drowned; the background may have a
 * quantile of its own ({@code backgroundQuantile}, not capped). Ignored pixels are −1.
 * Outside the imaging area the label is background (known from the acquisition, not predicted).
 */
public final class PseudoLabeller {
  public static final byte IGNORED = -1;

  /** One frame's pseudo-label in network space. */
  public record Frame(byte[] labels, float[] confidence, float[] entropy, byte[] predicted) {}

  /** Pseudo-labels of a round and how they were made. */
  public record Result(List<Frame> frames, Map<String, Object> stats) {}

  private PseudoLabeller() {}

  public static Result label(LoadedModel model, int domain, List<UltrasoundFrame.Square> squares, StudentConfig.PseudoLabels c) {
    return label(model, domain, squares, c, List.of());
  }

  /**
   * As above, with the confidences calibrated ({@code c.calibrate}) by a temperature fitted on
   * {@code calibration}: labelled images passed through the same batch norms, the closest to the
   * ultrasound that have truth (in a run, MRI probe views of the validation slices with random
   * B-mode looks). None given: no calibration. The temperature is in the statistics.
   */
  public static Result label(LoadedModel model, int domain, List<UltrasoundFrame.Square> squares, StudentConfig.PseudoLabels c,
      List<LabelledSlice> calibration) {
    Segmenter segmenter = new Segmenter(model, 16, domain);
    Segmenter.Options options = new Segmenter.Options(c.monteCarloSamples, c.flip);
    List<float[][]> probs = segmenter.predictSquares(squares.stream().map(UltrasoundFrame.Square::image).toList(), options);
    if (!c.calibrate || calibration.isEmpty()) return fromProbabilities(probs, squares, model.descriptor().classes(), c);
    List<float[][]> known = segmenter.predictSquares(calibration.stream().map(LabelledSlice::image).toList(), options);
    double t = Temperature.fit(known, calibration.stream().map(LabelledSlice::labels).toList(),
        calibration.stream().map(LabelledSlice::region).toList());
    Result r = fromProbabilities(probs.stream().map(p -> Temperature.apply(p, t)).toList(), squares, model.descriptor().classes(), c);
    r.stats().put("temperature", t);
    return r;
  }

  /** Pseudo-labels from class probabilities already predicted ({@code probs.get(frame)[class][pixel]}). */
  static Result fromProbabilities(List<float[][]> probs, List<UltrasoundFrame.Square> squares, List<String> classes,
      StudentConfig.PseudoLabels c) {
    int k = classes.size();
    List<Frame> frames = new ArrayList<>();
    List<List<Float>> confByClass = new ArrayList<>();
    for (int i = 0; i < k; i++) confByClass.add(new ArrayList<>());
    for (int f = 0; f < squares.size(); f++) {
      float[][] p = probs.get(f);
      boolean[] sector = squares.get(f).sector();
      int n = p[0].length;
      float[] conf = new float[n], ent = new float[n];
      byte[] pred = Segmenter.argmax(p);
      for (int i = 0; i < n; i++) {
        double h = 0;
        for (int cl = 0; cl < k; cl++) h -= p[cl][i] > 0 ? p[cl][i] * Math.log(p[cl][i]) : 0;
        ent[i] = (float) h;
        conf[i] = p[pred[i]][i];
        if (sector[i]) confByClass.get(pred[i]).add(conf[i]);
      }
      frames.add(new Frame(null, conf, ent, pred));
    }
    double[] threshold = new double[k];
    for (int cl = 0; cl < k; cl++) threshold[cl] = Math.min(c.cap, quantile(confByClass.get(cl), c.quantile));
    if (c.backgroundQuantile != null) threshold[0] = quantile(confByClass.get(0), c.backgroundQuantile);
    long[] kept = new long[k], predictedCount = new long[k];
    long inside = 0;
    double entropySum = 0;
    List<Frame> labelled = new ArrayList<>();
    for (int f = 0; f < frames.size(); f++) {
      Frame fr = frames.get(f);
      boolean[] sector = squares.get(f).sector();
      byte[] labels = new byte[fr.predicted().length];
      for (int i = 0; i < labels.length; i++) {
        if (!sector[i]) continue; // background
        inside++;
        entropySum += fr.entropy()[i];
        int cl = fr.predicted()[i];
        predictedCount[cl]++;
        if (fr.confidence()[i] >= threshold[cl]) {
          labels[i] = (byte) cl;
          kept[cl]++;
        } else {
          labels[i] = IGNORED;
        }
      }
      labelled.add(new Frame(labels, fr.confidence(), fr.entropy(), fr.predicted()));
    }
    long keptAll = Arrays.stream(kept).sum();
    Map<String, Object> stats = new LinkedHashMap<>();
    Map<String, Double> th = new LinkedHashMap<>(), frac = new LinkedHashMap<>(), balance = new LinkedHashMap<>();
    for (int cl = 0; cl < k; cl++) {
      th.put(classes.get(cl), threshold[cl]);
      frac.put(classes.get(cl), predictedCount[cl] == 0 ? 0 : kept[cl] / (double) predictedCount[cl]);
      balance.put(classes.get(cl), keptAll == 0 ? 0 : kept[cl] / (double) keptAll);
    }
    stats.put("thresholds", th);
    stats.put("keptFraction", frac);
    stats.put("keptFractionAll", inside == 0 ? 0 : keptAll / (double) inside);
    stats.put("classBalance", balance);
    stats.put("meanEntropy", inside == 0 ? 0 : entropySum / inside);
    return new Result(labelled, stats);
  }

  static double quantile(List<Float> values, double q) {
    if (values.isEmpty()) return 1;
    float[] v = new float[values.size()];
    for (int i = 0; i < v.length; i++) v[i] = values.get(i);
    Arrays.sort(v);
    return v[(int) Math.min(v.length - 1, Math.max(0, Math.floor(q * (v.length - 1))))];
  }
}
