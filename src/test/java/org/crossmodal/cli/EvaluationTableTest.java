package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.GapInterval;
import org.crossmodal.transfer.TransferRun;
import org.junit.jupiter.api.Test;

/** The table `run` and `demo` print: whole row names, numbers in aligned columns. */
class EvaluationTableTest {
  @Test
  void rowNamesAreWholeAndColumnsAligned() {
    TransferRun.Outcome o = new TransferRun.Outcome(dice(0.848, 0.604, 0.0), dice(0.917, 0.829, 0.205), dice(0.961, 0.944, 0.549),
        0.484, new GapInterval(0.401, 0.63, 0.95, 2000, 16), null);
    List<String> lines = RunCommand.table(o).lines().toList();
    assertTrue(lines.get(1).startsWith("teacher (no adaptation) "), lines.get(1));
    assertTrue(lines.get(2).startsWith("student "), lines.get(2));
    assertTrue(lines.get(3).startsWith("oracle (US labels) "), lines.get(3));
    // Right-aligned columns of equal width: aligned when every line has the header's length.
    for (String l : lines.subList(1, 4)) assertEquals(lines.get(0).length(), l.length(), "misaligned:\n" + String.join("\n", lines));
    assertTrue(lines.get(2).endsWith(" 0.205"), lines.get(2));
    assertEquals("gap recovered (mean foreground): 48.4 %", lines.get(4));
    assertEquals("  95 % interval over the 16 test slices (bootstrap): 40.1 % to 63.0 %", lines.get(5));
  }

  private static ClassDice dice(double background, double brain, double deepGrey) {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("background", background);
    d.put("brain", brain);
    d.put("deep_grey", deepGrey);
    return ClassDice.of(d);
  }
}
