package org.crossmodal.inference;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;
import org.junit.jupiter.api.Test;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.evaluation.Calibration;

class PseudoLabellerTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");

  @Test
  @SuppressWarnings("unchecked")
  void thresholdsAreClassQuantilesAndOnlyConfidentPixelsInsideTheSectorAreKept() {
    // The background has a quantile of its own (0.8), the other classes share 0.5.
    Random r = new Random(3);
    List<UltrasoundFrame.Square> squares = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      float[] img = new float[32 * 32];
      for (int i = 0; i < img.length; i++) img[i] = (float) r.nextGaussian();
      boolean[] sector = new boolean[img.length];
      for (int i = 0; i < img.length; i++) sector[i] = i % 32 > 4; // a band on the left is outside
      squares.add(new UltrasoundFrame.Square(null, img, sector, null));
    }
    StudentConfig.PseudoLabels c = new StudentConfig.PseudoLabels();
    c.quantile = 0.5;
    c.cap = 0.999;
    c.backgroundQuantile = 0.8;
    try (LoadedModel m = LoadedModel.create(new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.1, 2), CLASSES, 32, 0,
        ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null), 2)) {
      ModelFile.initialise(m.net(), m.model(), 32);
      PseudoLabeller.Result res = PseudoLabeller.label(m, DomainSwitch.MRI, squares, c);
      Map<String, Double> th = (Map<String, Double>) res.stats().get("thresholds");
      for (int cl = 0; cl < 3; cl++) {
        List<Float> conf = new ArrayList<>();
        long kept = 0;
        for (int f = 0; f < squares.size(); f++) {
          PseudoLabeller.Frame fr = res.frames().get(f);
          for (int i = 0; i < fr.labels().length; i++) {
            if (!squares.get(f).sector()[i]) {
              assertEquals(0, fr.labels()[i], "outside the imaging area is background");
              continue;
            }
            if (fr.predicted()[i] != cl) continue;
            conf.add(fr.confidence()[i]);
            boolean confident = fr.confidence()[i] >= th.get(CLASSES.get(cl));
            assertEquals(confident ? cl : PseudoLabeller.IGNORED, fr.labels()[i], "kept exactly when at or above the class threshold");
            if (confident) kept++;
          }
        }
        if (conf.isEmpty()) continue;
        float[] sorted = new float[conf.size()];
        for (int i = 0; i < sorted.length; i++) sorted[i] = conf.get(i);
        Arrays.sort(sorted);
        double q = cl == 0 ? c.backgroundQuantile : c.quantile;
        assertEquals(sorted[(int) Math.floor(q * (sorted.length - 1))], th.get(CLASSES.get(cl)), 1e-6, CLASSES.get(cl));
        // At least 1 − q of each class survives, whatever its size: the point of class balancing.
        assertTrue(kept >= Math.floor(conf.size() * (1 - q)), CLASSES.get(cl) + " kept " + kept + " of " + conf.size());
      }
      for (PseudoLabeller.Frame fr : res.frames()) {
        for (float e : fr.entropy()) assertTrue(e >= 0 && e <= Math.log(3) + 1e-5);
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
