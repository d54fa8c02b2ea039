package org.crossmodal.batch;

import java.util.List;

/** The end of a batch: counts per outcome and every row, as written to {@code batch-summary.json}. */
public record BatchSummary(String model, String settings, int done, int skipped, int failed, double seconds,
    List<StudyOutcome> studies) {
  public static final String FILE = "batch-summary.json";

  static BatchSummary of(String model, String settings, List<StudyOutcome> rows, double seconds) {
    return new BatchSummary(model, settings, count(rows, StudyOutcome.DONE), count(rows, StudyOutcome.SKIPPED),
        count(rows, StudyOutcome.FAILED), seconds, List.copyOf(rows));
  }

  private static int count(List<StudyOutcome> rows, String outcome) {
    return (int) rows.stream().filter(r -> r.outcome().equals(outcome)).count();
  }
}
