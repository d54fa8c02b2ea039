package org.crossmodal.training;

import java.nio.file.Path;

/** The user cancelled; the checkpoint after the last completed epoch (or round) lets the same command resume. */
public final class TrainingCancelledException extends RuntimeException {
  public TrainingCancelledException(Path outDir, int completedEpochs) {
    this(outDir, "epoch " + completedEpochs);
  }

  /** {@code where}: what was completed, e.g. "round 1". */
  public TrainingCancelledException(Path outDir, String where) {
    super("training cancelled after " + where + "; run the same command on " + outDir + " to resume");
  }
}
