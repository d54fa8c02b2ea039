package org.crossmodal.cli;

import java.util.Map;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.crossmodal.training.TrainingListener;

/** Training progress on the terminal: a progress bar over all steps, one summary line per epoch. */
final class ProgressRenderer implements TrainingListener, AutoCloseable {
  private final String task;
  private ProgressBar bar;

  ProgressRenderer(String task) {
    this.task = task;
  }

  @Override
  public void onStep(int epoch, int epochs, int step, int steps, double loss, double etaSeconds) {
    if (bar == null) {
      bar = new ProgressBarBuilder().setTaskName(task).setInitialMax((long) epochs * steps)
          .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).continuousUpdate().build();
      bar.stepTo((long) (epoch - 1) * steps);
    }
    bar.stepTo((long) (epoch - 1) * steps + step);
    bar.setExtraMessage(String.format("epoch %d/%d loss %.3f", epoch, epochs, loss));
  }

  @Override
  public void onEpoch(int epoch, int epochs, double trainLoss, Map<String, Double> dice, double etaSeconds) {
    String d = dice.entrySet().stream().map(e -> String.format("%s %.3f", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
    String line = String.format("epoch %d/%d  loss %.4f  validation Dice: %s", epoch, epochs, trainLoss, d)
        + (Double.isNaN(etaSeconds) ? "" : String.format("  ETA %.0f s", etaSeconds));
    if (bar != null) {
      bar.pause();
      System.err.println();
    }
    System.err.println(line);
    if (bar != null) bar.resume();
  }

  @Override
  public void onMessage(String message) {
    // A message starts a new phase: the next steps get a bar of their own.
    if (bar != null) {
      bar.close();
      bar = null;
    }
    System.err.println(message);
  }

  @Override
  public void close() {
    if (bar != null) bar.close();
  }
}
