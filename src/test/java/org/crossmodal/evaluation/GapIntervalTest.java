package org.crossmodal.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.crossmodal.transfer.TransferRun;

/** The bootstrap interval of the gap recovered, over test slices. */
class GapIntervalTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");

  @Test
  void slicesThatAgreeGiveNoWidth() {
    // Every slice: teacher 0.3, student 0.5, oracle 0.7 on both foreground classes: gap 50 % whatever is drawn.
    int[] groups = {3, 3, 5, 5, 9, 9};
    GapInterval g = GapInterval.of(groups, same(0.3, 6), same(0.5, 6), same(0.7, 6), CLASSES, 1);
    assertEquals(0.5, g.low(), 1e-9);
    assertEquals(0.5, g.high(), 1e-9);
    assertEquals(3, g.slices());
    assertEquals(GapInterval.REPLICATES, g.replicates());
  }

  @Test
  void slicesThatDisagreeSpreadAroundThePooledGap() {
    // Four slices of two frames each; the student closes 20 %, 40 %, 60 % or 80 % of the gap on them.
    int[] groups = {0, 0, 1, 1, 2, 2, 3, 3};
    double[] student = {0.38, 0.38, 0.46, 0.46, 0.54, 0.54, 0.62, 0.62};
    List<long[][]> s = new ArrayList<>();
    for (double d : student) s.add(counts(d));
    GapInterval g = GapInterval.of(groups, same(0.3, 8), s, same(0.7, 8), CLASSES, 7);
    ClassDice pooled = Dice.fromCounts(sum(s), CLASSES);
    double gap = GapInterval.gapRecovered(Dice.fromCounts(sum(same(0.3, 8)), CLASSES), pooled, Dice.fromCounts(sum(same(0.7, 8)), CLASSES));
    assertEquals(0.5, gap, 1e-9);
    assertTrue(g.low() < gap - 0.05 && g.high() > gap + 0.05, g.toString());
    assertTrue(g.low() >= 0.2 - 1e-9 && g.high() <= 0.8 + 1e-9, "inside what the slices allow: " + g);
    assertEquals(g, GapInterval.of(groups, same(0.3, 8), s, same(0.7, 8), CLASSES, 7), "the same seed draws the same replicates");
    assertEquals("95 % interval over the 4 test slices (bootstrap): " + String.format(Locale.ROOT, "%.1f %% to %.1f %%",
        100 * g.low(), 100 * g.high()), g.describe());
  }

  @Test
  void aGapOnFewTestSlicesCarriesAWarningThatItSaysLittle() {
    GapInterval toy = new GapInterval(0.9, 1.2, 0.95, 2000, 3);
    assertEquals("this figure says little: it rests on 3 test slices holding every class (frames of one slice share its anatomy), "
        + "fewer than the 10 it needs", toy.caveat());
    GapInterval wide = new GapInterval(-0.6, 0.9, 0.95, 2000, 16);
    assertEquals("this figure means nothing: its interval is wider than the whole gap; more test slices are needed", wide.caveat());
    assertNull(new GapInterval(0.40, 0.63, 0.95, 2000, 16).caveat(), "a full run's interval is a measurement");
  }

  /** A frame whose foreground classes both score {@code dice} (100 true pixels each, as many predicted). */
  private static long[][] counts(double dice) {
    long[][] n = new long[3][CLASSES.size()];
    for (int c = 0; c < CLASSES.size(); c++) {
      n[0][c] = Math.round(100 * (c == 0 ? 1 : dice));
      n[1][c] = 100;
      n[2][c] = 100;
    }
    return n;
  }

  private static List<long[][]> same(double dice, int frames) {
    List<long[][]> out = new ArrayList<>();
    for (int i = 0; i < frames; i++) out.add(counts(dice));
    return out;
  }

  private static long[][] sum(List<long[][]> frames) {
    long[][] s = new long[3][CLASSES.size()];
    frames.forEach(f -> Dice.add(s, f));
    return s;
  }
}
