package org.crossmodal.evaluation;

import java.util.Map;
import org.crossmodal.config.StudentConfig;

/** Which of the student's epochs is kept: the best-scoring one under {@link StudentConfig#selection}. */
public final class SelectionRule {
  private SelectionRule() {}

  /** An epoch's score under the rule: the best-scoring epoch is kept (for {@code last}, the latest). */
  public static double score(String selection, Map<String, Object> epoch) {
    if (StudentConfig.LAST.equals(selection)) return ((Number) epoch.get("epoch")).doubleValue();
    Object v = epoch.get(selection);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("unknown selection '" + selection + "' (flipAgreement, entropy or " + StudentConfig.LAST + ")");
    }
    return n.doubleValue();
  }
}
