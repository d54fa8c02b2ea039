package org.crossmodal.training;

import java.util.Map;

/** Progress of a training run, rendered by the shells (CLI progress bar, Fiji status line). */
public interface TrainingListener {
  default void onStep(int epoch, int epochs, int step, int steps, double loss, double etaSeconds) {}

  default void onEpoch(int epoch, int epochs, double trainLoss, Map<String, Double> validationDice, double etaSeconds) {}

  default void onMessage(String message) {}

  /** Checked between steps; returning true stops the run cleanly after the last checkpoint. */
  default boolean cancelRequested() {
    return false;
  }

  TrainingListener SILENT = new TrainingListener() {};
}
