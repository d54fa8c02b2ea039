package org.crossmodal.fiji;

import ij.measure.ResultsTable;
import java.util.Map;

/** Metrics as ImageJ results tables: one row per model, one column per class. */
final class Tables {
  private Tables() {}

  static ResultsTable dice(String title, Map<String, Map<String, Double>> rows) {
    ResultsTable rt = new ResultsTable();
    rows.forEach((name, dice) -> {
      rt.incrementCounter();
      rt.addValue("model", name);
      dice.forEach(rt::addValue);
    });
    rt.show(title);
    return rt;
  }
}
