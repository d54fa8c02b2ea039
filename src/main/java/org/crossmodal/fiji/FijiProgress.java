package org.crossmodal.fiji;

import ij.IJ;
import java.util.Map;
import org.crossmodal.training.TrainingListener;

/**
 * Training progress in ImageJ: the progress bar over the steps of the current phase, the status
 * line with epoch, loss and ETA, messages in the Log window; Esc asks the job to stop at the next
 * checkpoint.
 */
final class FijiProgress implements TrainingListener {
  private final String task;

  FijiProgress(String task) {
    this.task = task;
    IJ.resetEscape();
  }

  @Override
  public void onStep(int epoch, int epochs, int step, int steps, double loss, double eta) {
    IJ.showProgress((epoch - 1) * steps + step, epochs * steps);
    IJ.showStatus(String.format("%s: epoch %d/%d, step %d/%d, loss %.3f%s (Esc stops)", task, epoch, epochs, step, steps, loss,
        Double.isNaN(eta) ? "" : String.format(", %.0f s left", eta)));
  }

  @Override
  public void onEpoch(int epoch, int epochs, double loss, Map<String, Double> dice, double eta) {
    IJ.log(String.format("%s epoch %d/%d: loss %.4f, validation Dice %s", task, epoch, epochs, loss, dice));
  }

  @Override
  public void onMessage(String message) {
    IJ.log(task + ": " + message);
    IJ.showStatus(task + ": " + message);
  }

  @Override
  public boolean cancelRequested() {
    return IJ.escapePressed();
  }
}
