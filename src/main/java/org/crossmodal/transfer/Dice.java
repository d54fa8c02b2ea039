package org.crossmodal.transfer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hard Dice per class, pooled over a set of images: 2|P∩T| / (|P| + |T|). A class absent from both
 * prediction and truth scores 1. Pixels with truth label &lt; 0 are ignored.
 */
public final class Dice {
  private Dice() {}

  public static Map<String, Double> perClass(List<byte[]> predicted, List<byte[]> truth, List<String> classes) {
    int k = classes.size();
    long[] inter = new long[k], p = new long[k], t = new long[k];
    for (int i = 0; i < predicted.size(); i++) {
      byte[] a = predicted.get(i), b = truth.get(i);
      for (int j = 0; j < a.length; j++) {
        if (b[j] < 0) continue;
        p[a[j]]++;
        t[b[j]]++;
        if (a[j] == b[j]) inter[a[j]]++;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) out.put(classes.get(c), p[c] + t[c] == 0 ? 1.0 : 2.0 * inter[c] / (p[c] + t[c]));
    out.put("meanForeground", meanForeground(out, classes));
    return out;
  }

  static double meanForeground(Map<String, Double> dice, List<String> classes) {
    double s = 0;
    for (int c = 1; c < classes.size(); c++) s += dice.get(classes.get(c));
    return s / (classes.size() - 1);
  }
}
