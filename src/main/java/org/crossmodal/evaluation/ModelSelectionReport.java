package org.crossmodal.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How well the label-free selection scores tracked true Dice on validation ultrasound over the
 * student's epochs (simulated data has truth): Pearson and Spearman correlation per score, the true
 * Dice of the epoch chosen, and the best true Dice any epoch had.
 */
public final class ModelSelectionReport {
  private ModelSelectionReport() {}

  @SuppressWarnings("unchecked")
  public static Map<String, Object> of(Map<String, Object> studentMetrics, String selection) {
    List<Map<String, Object>> history = (List<Map<String, Object>>) studentMetrics.get("history");
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("selection", selection);
    out.put("selectedAt", studentMetrics.get("selectedAt"));
    if (history == null || history.isEmpty() || history.get(0).get("trueDice") == null) return out;
    List<Double> truth = new ArrayList<>();
    for (Map<String, Object> h : history) truth.add(((Map<String, Double>) h.get("trueDice")).get(ClassDice.MEAN_FOREGROUND));
    for (String score : List.of("flipAgreement", "entropy")) {
      List<Double> s = history.stream().map(h -> ((Number) h.get(score)).doubleValue()).toList();
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("pearson", pearson(s, truth));
      m.put("spearman", pearson(ranks(s), ranks(truth)));
      out.put(score, m);
    }
    int chosen = 0;
    double best = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < history.size(); i++) {
      double v = SelectionRule.score(selection, history.get(i)); // the trainer's own rule
      if (v > best) {
        best = v;
        chosen = i;
      }
    }
    out.put("trueDiceOfSelected", truth.get(chosen));
    out.put("bestTrueDice", truth.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    List<Map<String, Object>> points = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("epoch", history.get(i).get("epoch"));
      p.put("flipAgreement", history.get(i).get("flipAgreement"));
      p.put("entropy", history.get(i).get("entropy"));
      p.put("trueDice", truth.get(i));
      points.add(p);
    }
    out.put("epochs", points);
    return out;
  }

  static double pearson(List<Double> x, List<Double> y) {
    int n = x.size();
    if (n < 3) return Double.NaN;
    double mx = x.stream().mapToDouble(d -> d).average().orElse(0), my = y.stream().mapToDouble(d -> d).average().orElse(0);
    double sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x.get(i) - mx) * (y.get(i) - my);
      sxx += (x.get(i) - mx) * (x.get(i) - mx);
      syy += (y.get(i) - my) * (y.get(i) - my);
    }
    return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
  }

  static List<Double> ranks(List<Double> v) {
    List<Integer> idx = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) idx.add(i);
    idx.sort((a, b) -> Double.compare(v.get(a), v.get(b)));
    Double[] r = new Double[v.size()];
    for (int i = 0; i < idx.size(); i++) r[idx.get(i)] = (double) i;
    return List.of(r);
  }
}
