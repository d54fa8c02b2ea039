package org.crossmodal.training;

/** What one batch does to the network: forward, loss, backward and an optimiser update. */
@FunctionalInterface
public interface TrainingStep {
  /** Trains on the batch and returns its loss. */
  double train(Batch batch);
}
