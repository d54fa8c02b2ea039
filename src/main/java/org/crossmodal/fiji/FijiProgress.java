package org.crossmodal.fiji;

import ij.IJ;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.training.TrainingListener;

/**
 * Training progress in ImageJ: the progress bar over the steps of the current phase, the status
 * line with epoch, loss and time left, one rounded line per epoch in the Log; Esc asks the job to
 * stop at the next checkpoint. The job's end status is set by {@link Jobs}, so no "(Esc stops)" is
 * left behind.
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
    IJ.showStatus(String.format(Locale.ROOT, "%s: epoch %d of %d, step %d of %d, loss %.2f%s (Esc stops after this epoch)", task,
        epoch, epochs, step, steps, loss, Double.isNaN(eta) ? "" : ", about " + Jobs.duration(eta) + " left"));
  }

  @Override
  public void onEpoch(int epoch, int epochs, double loss, Map<String, Double> dice, double eta) {
    IJ.log(String.format(Locale.ROOT, "%s epoch %d of %d: loss %.3f; validation Dice %s%s", task, epoch, epochs, loss, dice(dice),
        Double.isNaN(eta) || epoch == epochs ? "" : "; about " + Jobs.duration(eta) + " left"));
  }

  /** "brain 0.81, deep grey 0.42 (mean 0.61)": two decimals, class names in words, the background left out. */
  static String dice(Map<String, Double> dice) {
    StringJoiner j = new StringJoiner(", ");
    dice.forEach((k, v) -> {
      if (!k.equals("background") && !k.equals(ClassDice.MEAN_FOREGROUND)) j.add(k.replace('_', ' ') + String.format(Locale.ROOT, " %.2f", v));
    });
    Double mean = dice.get(ClassDice.MEAN_FOREGROUND);
    return j + (mean == null ? "" : String.format(Locale.ROOT, " (mean %.2f)", mean));
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
