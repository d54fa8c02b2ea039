package org.crossmodal.training;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;

/**
 * Adam with a cosine learning rate set per epoch, over a DJL trainer of {@code net}; its state can
 * be saved with a checkpoint and restored, so a resumed run optimises on as if never stopped.
 */
final class Optimisation implements AutoCloseable {
  private final Block net;
  private final EpochRate rate;
  private final Optimizer adam;
  private final Trainer trainer;

  /** {@code floor}: the last epoch's rate as a share of {@code learningRate}. */
  Optimisation(Model owner, Block net, Loss loss, double learningRate, double floor, int epochs) {
    this.net = net;
    this.rate = new EpochRate(learningRate, floor, epochs);
    this.adam = Optimizer.adam().optLearningRateTracker(rate).build();
    this.trainer = owner.newTrainer(new DefaultTrainingConfig(loss).optOptimizer(adam));
  }

  Trainer trainer() {
    return trainer;
  }

  void startEpoch(int epoch) {
    rate.startEpoch(epoch);
  }

  /** The loss as a number; a non-finite one stops the run here, before it reaches the weights. */
  static double finite(NDArray loss, Batch at) {
    double v = loss.getFloat();
    if (!Double.isFinite(v)) throw new NonFiniteTrainingException("loss", at.epoch() + 1, at.step() + 1);
    return v;
  }

  /** Updates the weights from the gradients collected, after checking that every one is finite. */
  void update(Batch at) {
    FiniteGradients.require(net, at.epoch() + 1, at.step() + 1);
    trainer.step();
  }

  byte[] save() throws IOException {
    return AdamState.save(adam, net);
  }

  /** Continues from a checkpoint's optimiser state (after the network's parameters were restored). */
  void restore(byte[] state) throws IOException {
    AdamState.restore(adam, net, state);
  }

  @Override
  public void close() {
    trainer.close();
  }
}
