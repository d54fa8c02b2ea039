package org.crossmodal.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.PseudoLabeller;

/**
 * How far pseudo-label confidence can be trusted, where truth exists (simulated ultrasound):
 * expected calibration error over 10 equal-width confidence bins (Guo et al. 2017), the
 * reliability-diagram data (per bin: mean confidence, accuracy, pixel count), and the accuracy of
 * the kept pseudo-labels per class. Pixels inside the imaging area only.
 */
public final class Calibration {
  static final int BINS = 10;

  private Calibration() {}

  public static Map<String, Object> of(List<UltrasoundFrame.Square> squares, List<PseudoLabeller.Frame> frames, List<String> classes) {
    double[] confSum = new double[BINS];
    long[] correct = new long[BINS], count = new long[BINS];
    long[] keptRight = new long[classes.size()], keptAll = new long[classes.size()];
    for (int f = 0; f < squares.size(); f++) {
      byte[] truth = squares.get(f).truth();
      boolean[] sector = squares.get(f).sector();
      PseudoLabeller.Frame fr = frames.get(f);
      for (int i = 0; i < truth.length; i++) {
        if (!sector[i]) continue;
        float conf = fr.confidence()[i];
        int b = Math.min(BINS - 1, (int) (conf * BINS));
        confSum[b] += conf;
        count[b]++;
        if (fr.predicted()[i] == truth[i]) correct[b]++;
        int l = fr.labels()[i];
        if (l >= 0) {
          keptAll[l]++;
          if (l == truth[i]) keptRight[l]++;
        }
      }
    }
    long total = 0;
    for (long c : count) total += c;
    double ece = 0;
    List<Map<String, Object>> bins = new ArrayList<>();
    for (int b = 0; b < BINS; b++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("from", b / (double) BINS);
      m.put("to", (b + 1) / (double) BINS);
      m.put("pixels", count[b]);
      if (count[b] > 0) {
        double conf = confSum[b] / count[b], acc = correct[b] / (double) count[b];
        m.put("meanConfidence", conf);
        m.put("accuracy", acc);
        ece += count[b] / (double) total * Math.abs(acc - conf);
      }
      bins.add(m);
    }
    Map<String, Double> keptAccuracy = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) keptAccuracy.put(classes.get(c), keptAll[c] == 0 ? 0 : keptRight[c] / (double) keptAll[c]);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("expectedCalibrationError", ece);
    out.put("reliability", bins);
    out.put("keptAccuracy", keptAccuracy);
    return out;
  }
}
