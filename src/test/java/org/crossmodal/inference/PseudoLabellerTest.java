package org.crossmodal.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.evaluation.Calibration;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.ConstantModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-balanced pseudo-label thresholds: the lower {@code quantile} of each class's confidences
 * (counted by hand on small lists), capped at {@code cap} (0.9 by default) for every class but a
 * background with a quantile of its own; pixels at or above their class's threshold are kept,
 * the others ignored (−1); outside the imaging area the label is background.
 */
class PseudoLabellerTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");
  @TempDir Path tmp;

  @Test
  void theQuantileIsTheLowerOrderStatisticCountedByHand() {
    List<Float> v = List.of(0.2f, 0.9f, 0.5f, 0.7f, 0.1f); // sorted: 0.1 0.2 0.5 0.7 0.9 (positions 0..4)
    assertEquals(0.1f, PseudoLabeller.quantile(v, 0.0), 0);
    assertEquals(0.2f, PseudoLabeller.quantile(v, 0.25), 0);  // 0.25·4 = 1
    assertEquals(0.5f, PseudoLabeller.quantile(v, 0.5), 0);   // 0.5·4 = 2
    assertEquals(0.5f, PseudoLabeller.quantile(v, 0.74), 0);  // 2.96: the lower one, not interpolated
    assertEquals(0.7f, PseudoLabeller.quantile(v, 0.75), 0);  // 3
    assertEquals(0.7f, PseudoLabeller.quantile(v, 0.99), 0);  // 3.96
    assertEquals(0.9f, PseudoLabeller.quantile(v, 1.0), 0);
    assertEquals(0.3f, PseudoLabeller.quantile(List.of(0.3f), 0.5), 0);
    assertEquals(1.0, PseudoLabeller.quantile(List.of(), 0.5), 0, "a class never predicted keeps nothing");
    assertEquals(List.of(0.2f, 0.9f, 0.5f, 0.7f, 0.1f), v, "the caller's list is not reordered");
  }

  /** The imaging area: everything but a band of 5 columns on the left of a 32×32 frame. */
  private static boolean[] sector() {
    boolean[] sector = new boolean[32 * 32];
    for (int i = 0; i < sector.length; i++) sector[i] = i % 32 > 4;
    return sector;
  }

  private static List<UltrasoundFrame.Square> squares(int n) {
    List<UltrasoundFrame.Square> squares = new ArrayList<>();
    for (int f = 0; f < n; f++) squares.add(new UltrasoundFrame.Square(null, new float[32 * 32], sector(), null));
    return squares;
  }

  /** Softmax of Gaussian logits leaning by {@code lean}: four frames of known, varied probabilities. */
  private static List<float[][]> randomProbabilities(int seed, float[] lean) {
    Random r = new Random(seed);
    List<float[][]> probs = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      float[][] p = new float[3][32 * 32];
      for (int i = 0; i < 32 * 32; i++) {
        double[] e = new double[3];
        double sum = 0;
        for (int cl = 0; cl < 3; cl++) sum += e[cl] = Math.exp(lean[cl] + 1.5 * r.nextGaussian());
        for (int cl = 0; cl < 3; cl++) p[cl][i] = (float) (e[cl] / sum);
      }
      probs.add(p);
    }
    return probs;
  }

  /** One frame: pixel i inside the imaging area gets confidence {@code conf.get(i)} for class {@code cls.get(i)}. */
  private static float[][] frame(List<Integer> cls, List<Float> conf) {
    float[][] p = new float[3][32 * 32];
    boolean[] sector = sector();
    int k = 0;
    for (int i = 0; i < 32 * 32; i++) {
      int cl = 0;
      float c = 0.98f;
      if (sector[i] && k < cls.size()) {
        cl = cls.get(k);
        c = conf.get(k++);
      }
      for (int j = 0; j < 3; j++) p[j][i] = j == cl ? c : (1 - c) / 2;
    }
    if (k < cls.size()) throw new IllegalArgumentException("more pixels than the imaging area holds");
    return p;
  }

  private static StudentConfig.PseudoLabels settings(double quantile, double cap, Double backgroundQuantile) {
    StudentConfig.PseudoLabels c = new StudentConfig.PseudoLabels();
    c.quantile = quantile;
    c.cap = cap;
    c.backgroundQuantile = backgroundQuantile;
    return c;
  }

  /** Confidences (the top probability, read off the input) inside the imaging area of pixels whose top class is {@code cl}. */
  private static float[] confidences(List<float[][]> probs, List<UltrasoundFrame.Square> squares, int cl) {
    List<Float> c = new ArrayList<>();
    for (int f = 0; f < squares.size(); f++) {
      float[][] p = probs.get(f);
      for (int i = 0; i < p[0].length; i++) {
        if (squares.get(f).sector()[i] && top(p, i) == cl) c.add(p[cl][i]);
      }
    }
    float[] out = new float[c.size()];
    for (int i = 0; i < out.length; i++) out[i] = c.get(i);
    Arrays.sort(out);
    return out;
  }

  private static int top(float[][] p, int i) {
    int best = 0;
    for (int cl = 1; cl < p.length; cl++) if (p[cl][i] > p[best][i]) best = cl;
    return best;
  }

  /**
   * {@code t} is the lower {@code q}-quantile of {@code sorted} by its definition: one of the values,
   * with at most q·(n−1) values below it and more than q·(n−1) at or below it. Returns how many lie below.
   */
  private static long assertLowerQuantile(float[] sorted, double q, double t, String what) {
    long below = 0, atOrBelow = 0;
    for (float v : sorted) {
      if (v < t) below++;
      if (v <= t) atOrBelow++;
    }
    assertTrue(Arrays.binarySearch(sorted, (float) t) >= 0, what + " threshold " + t + " is none of its confidences");
    assertTrue(below <= q * (sorted.length - 1) && atOrBelow > q * (sorted.length - 1),
        what + ": " + below + " below and " + atOrBelow + " at or below " + t + " of " + sorted.length);
    return below;
  }

  /** Labels follow the thresholds pixel by pixel; outside the imaging area everything is background. */
  private static void assertLabelsFollow(PseudoLabeller.Result res, List<float[][]> probs, List<UltrasoundFrame.Square> squares,
      Map<String, Double> th) {
    for (int f = 0; f < squares.size(); f++) {
      PseudoLabeller.Frame fr = res.frames().get(f);
      float[][] p = probs.get(f);
      for (int i = 0; i < fr.labels().length; i++) {
        int cl = top(p, i);
        assertEquals(cl, fr.predicted()[i], "predicted: the top class");
        assertEquals(p[cl][i], fr.confidence()[i], 0, "confidence: the top probability");
        if (!squares.get(f).sector()[i]) {
          assertEquals(0, fr.labels()[i], "outside the imaging area is background");
          continue;
        }
        boolean confident = p[cl][i] >= th.get(CLASSES.get(cl));
        assertEquals(confident ? cl : PseudoLabeller.IGNORED, fr.labels()[i], "kept exactly when at or above the class threshold");
      }
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void thresholdsAreClassQuantilesAndOnlyConfidentPixelsInsideTheSectorAreKept() {
    List<UltrasoundFrame.Square> squares = squares(4);
    List<float[][]> probs = randomProbabilities(3, new float[] {0.5f, 0, 0});
    StudentConfig.PseudoLabels c = settings(0.5, 1.0, 0.8);
    PseudoLabeller.Result res = PseudoLabeller.fromProbabilities(probs, squares, CLASSES, c);
    Map<String, Double> th = (Map<String, Double>) res.stats().get("thresholds");
    Map<String, Double> kept = (Map<String, Double>) res.stats().get("keptFraction");
    Map<String, Double> balance = (Map<String, Double>) res.stats().get("classBalance");
    long inside = 4L * 27 * 32, keptAll = 0;
    long[] keptByClass = new long[3];
    for (int cl = 0; cl < 3; cl++) {
      float[] sorted = confidences(probs, squares, cl);
      assertTrue(sorted.length >= 200, CLASSES.get(cl) + " is the top class of " + sorted.length + " pixels: too few to test its threshold");
      double q = cl == 0 ? c.backgroundQuantile : c.quantile;
      double t = th.get(CLASSES.get(cl));
      long below = assertLowerQuantile(sorted, q, t, CLASSES.get(cl));
      keptByClass[cl] = sorted.length - below;
      keptAll += keptByClass[cl];
      assertEquals((sorted.length - below) / (double) sorted.length, kept.get(CLASSES.get(cl)), 1e-12, CLASSES.get(cl));
    }
    for (int cl = 0; cl < 3; cl++) assertEquals(keptByClass[cl] / (double) keptAll, balance.get(CLASSES.get(cl)), 1e-12);
    assertEquals(keptAll / (double) inside, (Double) res.stats().get("keptFractionAll"), 1e-12);
    assertLabelsFollow(res, probs, squares, th);
    double entropy = 0;
    for (int f = 0; f < 4; f++) {
      float[][] p = probs.get(f);
      for (int i = 0; i < 32 * 32; i++) {
        double h = 0;
        for (int cl = 0; cl < 3; cl++) h -= p[cl][i] * Math.log(p[cl][i]);
        assertEquals(h, res.frames().get(f).entropy()[i], 1e-5, "entropy of the class probabilities");
        if (squares.get(f).sector()[i]) entropy += h;
      }
    }
    assertEquals(entropy / inside, (Double) res.stats().get("meanEntropy"), 1e-5);
  }

  /**
   * The cap (0.9 by default): 100 brain pixels at confidences 0.85, 0.8515, … 0.9985 have the median
   * (lower, position 49) 0.9235, above the cap, so brain's threshold is 0.9 itself: the 66 pixels at
   * 0.901 and above are kept (15 of them under the median, which the quantile alone would drop), the
   * 34 below 0.9 are ignored. Counted by hand.
   */
  @Test
  @SuppressWarnings("unchecked")
  void aClassMoreConfidentThanTheCapKeepsEveryPixelAtOrAboveTheCap() {
    StudentConfig.PseudoLabels c = new StudentConfig.PseudoLabels();
    assertEquals(0.5, c.quantile, 0, "the default quantile");
    assertEquals(0.9, c.cap, 0, "the default cap");
    assertEquals(0.75, c.backgroundQuantile, 0, "the default background quantile, not capped");
    List<Integer> cls = new ArrayList<>();
    List<Float> conf = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cls.add(1);
      conf.add(0.85f + 0.0015f * i);
    }
    List<float[][]> probs = List.<float[][]>of(frame(cls, conf));
    List<UltrasoundFrame.Square> squares = squares(1);
    PseudoLabeller.Result res = PseudoLabeller.fromProbabilities(probs, squares, CLASSES, c);
    Map<String, Double> th = (Map<String, Double>) res.stats().get("thresholds");
    assertEquals(0.9, th.get("brain"), 0, "capped");
    assertEquals(0.98f, th.get("background"), 0, "the background (all at 0.98) has its own quantile, not capped");
    assertEquals(0.9, th.get("deep_grey"), 0, "a class never predicted: the quantile of nothing (1) capped");
    byte[] labels = res.frames().get(0).labels();
    boolean[] sector = sector();
    int keptBrain = 0, ignored = 0, k = 0;
    for (int i = 0; i < labels.length; i++) {
      if (!sector[i] || k++ >= 100) continue;
      if (labels[i] == 1) keptBrain++;
      if (labels[i] == PseudoLabeller.IGNORED) ignored++;
    }
    assertEquals(66, keptBrain);
    assertEquals(34, ignored);
    assertEquals(0.66, ((Map<String, Double>) res.stats().get("keptFraction")).get("brain"), 1e-12);
  }

  /** The background's own quantile is not capped; without one, the background is capped like any class. */
  @Test
  @SuppressWarnings("unchecked")
  void theBackgroundsOwnQuantileIsNotCapped() {
    // 864 pixels inside; the first 100 background at 0.9010, 0.9019 … 0.9901, the rest background at 0.98.
    List<Integer> cls = new ArrayList<>();
    List<Float> conf = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      cls.add(0);
      conf.add(0.901f + 0.0009f * i);
    }
    List<float[][]> probs = List.<float[][]>of(frame(cls, conf));
    List<UltrasoundFrame.Square> squares = squares(1);
    PseudoLabeller.Result own = PseudoLabeller.fromProbabilities(probs, squares, CLASSES, settings(0.5, 0.9, 0.05));
    Map<String, Double> th = (Map<String, Double>) own.stats().get("thresholds");
    // 0.05·863 = 43.15: position 43 of the sorted 864, i.e. 0.901 + 0.0009·43
    assertEquals(0.901f + 0.0009f * 43, th.get("background"), 0, "the background's own quantile, above the cap");
    assertEquals(1 - 43 / 864.0, ((Map<String, Double>) own.stats().get("keptFraction")).get("background"), 1e-12);
    assertLabelsFollow(own, probs, squares, th);

    PseudoLabeller.Result shared = PseudoLabeller.fromProbabilities(probs, squares, CLASSES, settings(0.05, 0.9, null));
    assertEquals(0.9, ((Map<String, Double>) shared.stats().get("thresholds")).get("background"), 0, "no own quantile: capped");
    assertEquals(1.0, ((Map<String, Double>) shared.stats().get("keptFraction")).get("background"), 0, "all at or above 0.9: all kept");
  }

  /** Through a real model: every pixel gets the same known probabilities, so each threshold is that confidence. */
  @Test
  @SuppressWarnings("unchecked")
  void aModelsPredictionsArePseudoLabelledInsideTheImagingArea() throws Exception {
    List<UltrasoundFrame.Square> squares = new ArrayList<>();
    Random r = new Random(1);
    for (int f = 0; f < 2; f++) {
      float[] img = new float[32 * 32];
      for (int i = 0; i < img.length; i++) img[i] = (float) r.nextGaussian();
      squares.add(new UltrasoundFrame.Square(null, img, sector(), null));
    }
    float[] logits = {0, 2, 0};
    double p = ConstantModel.probabilities(logits)[1]; // e²/(e²+2) ≈ 0.787
    try (LoadedModel m = ModelFile.load(ConstantModel.save(tmp.resolve("m.zip"), logits, 0), 2)) {
      PseudoLabeller.Result res = PseudoLabeller.label(m, DomainSwitch.MRI, squares, settings(0.5, 0.9, null));
      Map<String, Double> th = (Map<String, Double>) res.stats().get("thresholds");
      assertEquals(p, th.get("brain"), 1e-5);
      for (int f = 0; f < 2; f++) {
        PseudoLabeller.Frame fr = res.frames().get(f);
        for (int i = 0; i < fr.labels().length; i++) {
          assertEquals(p, fr.confidence()[i], 1e-5);
          assertEquals(1, fr.predicted()[i]);
          assertEquals(squares.get(f).sector()[i] ? 1 : 0, fr.labels()[i]);
        }
      }
    }
  }

  @Test
  void calibrationErrorIsTheWeightedGapBetweenConfidenceAndAccuracy() {
    // 4 pixels at confidence 0.95 (3 right) and 4 at 0.55 (all right): ECE = 0.5·|0.75−0.95| + 0.5·|1−0.55|.
    byte[] truth = {1, 1, 1, 1, 1, 1, 1, 1};
    byte[] pred = {1, 1, 1, 2, 1, 1, 1, 1};
    float[] conf = {0.95f, 0.95f, 0.95f, 0.95f, 0.55f, 0.55f, 0.55f, 0.55f};
    boolean[] all = new boolean[8];
    Arrays.fill(all, true);
    var sq = new UltrasoundFrame.Square(null, new float[8], all, truth);
    var fr = new PseudoLabeller.Frame(pred.clone(), conf, new float[8], pred);
    Map<String, Object> m = Calibration.of(List.of(sq), List.of(fr), CLASSES);
    assertEquals(0.5 * 0.2 + 0.5 * 0.45, (Double) m.get("expectedCalibrationError"), 1e-6);
  }
}
