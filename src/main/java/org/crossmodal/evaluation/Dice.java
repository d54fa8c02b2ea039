package org.crossmodal.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.model.Segmenter;

/**
 * Hard Dice per class, pooled over a set of images: 2|P∩T| / (|P| + |T|). A class absent from both
 * prediction and truth scores 1. Pixels with truth label &lt; 0 are ignored.
 */
public final class Dice {
  private Dice() {}

  public static ClassDice perClass(List<byte[]> predicted, List<byte[]> truth, List<String> classes) {
    long[][] sum = new long[3][classes.size()];
    for (int i = 0; i < predicted.size(); i++) add(sum, counts(predicted.get(i), truth.get(i), classes.size()));
    return fromCounts(sum, classes);
  }

  /** Dice of predictions against the frames' truth. */
  public static ClassDice of(List<Segmenter.Prediction> predictions, List<UltrasoundFrame> frames, List<String> classes) {
    List<byte[]> predicted = new ArrayList<>(), truth = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      if (frames.get(i).truth() == null) throw new IllegalArgumentException(frames.get(i).id() + " has no truth labels");
      predicted.add(predictions.get(i).labels());
      truth.add(frames.get(i).truth());
    }
    return perClass(predicted, truth, classes);
  }

  /** One image's counts per class: rows |P∩T|, |P|, |T|. Summed over images they give the pooled Dice. */
  public static long[][] counts(byte[] predicted, byte[] truth, int classes) {
    long[][] n = new long[3][classes];
    for (int j = 0; j < predicted.length; j++) {
      if (truth[j] < 0) continue;
      n[1][predicted[j]]++;
      n[2][truth[j]]++;
      if (predicted[j] == truth[j]) n[0][predicted[j]]++;
    }
    return n;
  }

  public static void add(long[][] sum, long[][] n) {
    for (int r = 0; r < 3; r++) for (int c = 0; c < n[r].length; c++) sum[r][c] += n[r][c];
  }

  public static ClassDice fromCounts(long[][] n, List<String> classes) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      long pt = n[1][c] + n[2][c];
      out.put(classes.get(c), pt == 0 ? 1.0 : 2.0 * n[0][c] / pt);
    }
    return ClassDice.withMean(out, classes);
  }
}
