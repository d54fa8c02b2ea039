package org.crossmodal.evaluation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.StudentConfig;
import org.junit.jupiter.api.Test;

/**
 * The label-free selection rules on a three-epoch history whose answers are known by reading it:
 * flip agreement peaks at epoch 1, entropy (higher is better: it is stored negated) at epoch 0, and
 * {@code last} is epoch 2. Correlations are numpy's and scipy's on the same numbers.
 */
class ModelSelectionTest {
  /** flipAgreement, entropy, true mean-foreground Dice per epoch. */
  private static final double[][] ROWS = {{0.50, -0.10, 0.40}, {0.80, -0.20, 0.47}, {0.60, -0.30, 0.45}};

  private static List<Map<String, Object>> history() {
    List<Map<String, Object>> h = new ArrayList<>();
    for (int i = 0; i < ROWS.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("epoch", i);
      m.put("flipAgreement", ROWS[i][0]);
      m.put("entropy", ROWS[i][1]);
      m.put("trueDice", Map.of("meanForeground", ROWS[i][2]));
      h.add(m);
    }
    return h;
  }

  @Test
  void eachRuleScoresAnEpochByItsOwnFigure() {
    List<Map<String, Object>> h = history();
    assertEquals(0.80, SelectionRule.score("flipAgreement", h.get(1)), 0);
    assertEquals(-0.30, SelectionRule.score("entropy", h.get(2)), 0);
    assertEquals(2.0, SelectionRule.score(StudentConfig.LAST, h.get(2)), 0, "last: the epoch number, so the latest wins");
    assertEquals(0.0, SelectionRule.score(StudentConfig.LAST, h.get(0)), 0);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theReportNamesTheTrueDiceOfTheEpochEachRuleKeeps() {
    // Read off the table above: flip agreement keeps epoch 1 (0.47), entropy epoch 0 (0.40), last epoch 2 (0.45).
    Map<String, Double> expected = Map.of("flipAgreement", 0.47, "entropy", 0.40, StudentConfig.LAST, 0.45);
    for (var e : expected.entrySet()) {
      Map<String, Object> report = ModelSelectionReport.of(Map.of("history", history(), "selectedAt", "epoch 1"), e.getKey());
      assertEquals(e.getValue(), (Double) report.get("trueDiceOfSelected"), 0, e.getKey());
      assertEquals(0.47, (Double) report.get("bestTrueDice"), 0);
      assertEquals(e.getKey(), report.get("selection"));
      assertEquals("epoch 1", report.get("selectedAt"));
      // numpy.corrcoef and scipy.stats.spearmanr over the columns above.
      Map<String, Double> flip = (Map<String, Double>) report.get("flipAgreement"), ent = (Map<String, Double>) report.get("entropy");
      assertEquals(0.9078412990032034, flip.get("pearson"), 1e-12);
      assertEquals(1.0, flip.get("spearman"), 1e-12);
      assertEquals(-0.6933752452815367, ent.get("pearson"), 1e-12);
      assertEquals(-0.5, ent.get("spearman"), 1e-12);
      List<Map<String, Object>> points = (List<Map<String, Object>>) report.get("epochs");
      assertEquals(List.of(0.40, 0.47, 0.45), points.stream().map(p -> p.get("trueDice")).toList());
      assertEquals(List.of(0.50, 0.80, 0.60), points.stream().map(p -> p.get("flipAgreement")).toList());
      assertEquals(List.of(0, 1, 2), points.stream().map(p -> p.get("epoch")).toList());
    }
  }

  @Test
  void withoutTruthTheReportSaysOnlyWhatWasSelected() {
    List<Map<String, Object>> h = history();
    h.forEach(m -> m.remove("trueDice"));
    Map<String, Object> report = ModelSelectionReport.of(Map.of("history", h, "selectedAt", "start"), "entropy");
    assertEquals(Map.of("selection", "entropy", "selectedAt", "start"), report);
  }

  @Test
  void anUnknownRuleIsRefusedByName() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SelectionRule.score("dice", history().get(0)));
    assertTrue(e.getMessage().contains("'dice'") && e.getMessage().contains("last"), e.getMessage());
  }
}
