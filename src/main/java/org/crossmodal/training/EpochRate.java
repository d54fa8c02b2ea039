package org.crossmodal.training;

import ai.djl.training.tracker.Tracker;

/**
 * Cosine decay from {@code rate} to {@code floor}·rate over the run, set per epoch (not per update)
 * so that a resumed run continues on the same schedule.
 */
final class EpochRate implements Tracker {
  private final double rate, floor;
  private final int epochs;
  private volatile float value;

  EpochRate(double rate, double floor, int epochs) {
    this.rate = rate;
    this.floor = floor;
    this.epochs = Math.max(1, epochs);
  }

  void startEpoch(int epoch) {
    value = (float) (rate * (floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * epoch / epochs))));
  }

  @Override
  public float getNewValue(int numUpdate) {
    return value;
  }
}
