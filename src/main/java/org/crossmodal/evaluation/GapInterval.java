package org.crossmodal.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * How much the gap recovered depends on which test anatomy happened to be drawn: a percentile
 * bootstrap over the test slices. Frames simulated from one slice share its anatomy, so they are
 * resampled together (a cluster bootstrap); each replicate pools the Dice counts of its frames for
 * teacher, student and oracle and computes the gap as the run does. It says nothing about the spread
 * between training seeds, which only more runs can show.
 */
public record GapInterval(double low, double high, double level, int replicates, int slices) {
  static final int REPLICATES = 2000;
  static final double LEVEL = 0.95;

  /**
   * The interval from each test frame's source slice ({@code groups}) and, per frame, the
   * {@link Dice#counts} of the teacher's, the student's and the oracle's prediction.
   */
  public static GapInterval of(int[] groups, List<long[][]> teacher, List<long[][]> student, List<long[][]> oracle, List<String> classes,
      long seed) {
    Map<Integer, List<Integer>> bySlice = new LinkedHashMap<>();
    for (int i = 0; i < groups.length; i++) bySlice.computeIfAbsent(groups[i], k -> new ArrayList<>()).add(i);
    List<List<Integer>> slices = new ArrayList<>(bySlice.values());
    Random rnd = new Random(seed);
    double[] gaps = new double[REPLICATES];
    int kept = 0;
    for (int r = 0; r < REPLICATES; r++) {
      long[][] a = new long[3][classes.size()], b = new long[3][classes.size()], o = new long[3][classes.size()];
      for (int s = 0; s < slices.size(); s++) {
        for (int i : slices.get(rnd.nextInt(slices.size()))) {
          Dice.add(a, teacher.get(i));
          Dice.add(b, student.get(i));
          Dice.add(o, oracle.get(i));
        }
      }
      double g = gapRecovered(Dice.fromCounts(a, classes), Dice.fromCounts(b, classes), Dice.fromCounts(o, classes));
      // A replicate where oracle and teacher tie has no gap to recover.
      if (Double.isFinite(g)) gaps[kept++] = g;
    }
    double[] g = Arrays.copyOf(gaps, kept);
    Arrays.sort(g);
    double tail = (1 - LEVEL) / 2;
    return new GapInterval(quantile(g, tail), quantile(g, 1 - tail), LEVEL, kept, slices.size());
  }

  /** Share of the teacher-to-oracle gap (mean foreground Dice) that the student closed; NaN when there is no gap. */
  public static double gapRecovered(ClassDice teacher, ClassDice student, ClassDice oracle) {
    double a = teacher.meanForeground(), b = student.meanForeground(), c = oracle.meanForeground();
    return Math.abs(c - a) < 1e-9 ? Double.NaN : (b - a) / (c - a);
  }

  /** For a log or console line, e.g. "95 % interval over the 16 test slices (bootstrap): 40.1 % to 63.0 %". */
  public String describe() {
    return String.format(Locale.ROOT, "%.0f %% interval over the %d test slices (bootstrap): %.1f %% to %.1f %%", 100 * level,
        slices, 100 * low, 100 * high);
  }

  /** Fewer test slices than this, or an interval wider than the whole gap, and the figure says little. */
  static final int MIN_SLICES = 10;

  /**
   * A plain warning when the gap recovered rests on too little to mean much (fewer test slices than
   * {@link #MIN_SLICES}, which today's default split also gives, or an interval wider than the whole
   * gap); null when it is a measurement.
   */
  public String caveat() {
    if (slices < MIN_SLICES) {
      return "this figure says little: it rests on " + slices + (slices == 1 ? " test slice" : " test slices")
          + " holding every class (frames of one slice share its anatomy), fewer than the " + MIN_SLICES + " it needs";
    }
    if (high - low > 1) return "this figure means nothing: its interval is wider than the whole gap; more test slices are needed";
    return null;
  }

  private static double quantile(double[] sorted, double q) {
    if (sorted.length == 0) return Double.NaN;
    double x = q * (sorted.length - 1);
    int i = (int) Math.floor(x);
    return i + 1 < sorted.length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
  }
}
