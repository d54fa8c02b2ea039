package org.crossmodal.evaluation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.training.StudentTrainer;

class ModelSelectionTest {
  /** Three epochs: flip agreement peaks at epoch 1, entropy at the start, and the last is epoch 2. */
  private static List<Map<String, Object>> history() {
    double[][] rows = {{0.50, -0.10, 0.40}, {0.80, -0.20, 0.41}, {0.60, -0.30, 0.45}};
    List<Map<String, Object>> h = new ArrayList<>();
    for (int i = 0; i < rows.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", i);
      m.put("flipAgreement", rows[i][0]);
      m.put("entropy", rows[i][1]);
      m.put("trueDice", Map.of("meanForeground", rows[i][2]));
      h.add(m);
    }
    return h;
  }

  @Test
  void eachRuleKeepsItsEpochAndTheReportSaysWhichTrueDiceThatWas() {
    Map<String, Double> expected = Map.of("flipAgreement", 0.41, "entropy", 0.40, StudentConfig.LAST, 0.45);
    for (var e : expected.entrySet()) {
      StudentConfig c = new StudentConfig();
      c.selection = e.getKey();
      List<Map<String, Object>> h = history();
      int best = 0;
      for (int i = 1; i < h.size(); i++) if (SelectionRule.score(c.selection, h.get(i)) > SelectionRule.score(c.selection, h.get(best))) best = i;
      assertEquals(e.getValue(), ((Map<?, ?>) h.get(best).get("trueDice")).get("meanForeground"), e.getKey());
      Map<String, Object> report = ModelSelectionReport.of(Map.of("history", h, "selectedAt", "epoch " + best), e.getKey());
      assertEquals(e.getValue(), (Double) report.get("trueDiceOfSelected"), 1e-12, e.getKey());
      assertEquals(0.45, (Double) report.get("bestTrueDice"), 1e-12);
    }
  }

  @Test
  void anUnknownRuleIsRefusedByName() {
    StudentConfig c = new StudentConfig();
    c.selection = "dice";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelectionRule.score(c.selection, history().get(0)));
    assertTrue(e.getMessage().contains("'dice'") && e.getMessage().contains("last"), e.getMessage());
  }
}
