package org.crossmodal.transfer;

import java.nio.file.Path;

/** The user cancelled; the checkpoint after the last completed epoch lets the same command resume. */
public final class TrainingCancelledException extends RuntimeException {
  public TrainingCancelledException(Path outDir, int completedEpochs) {
    super("training cancelled after epoch " + completedEpochs + "; run the same command on " + outDir + " to resume");
  }
}
