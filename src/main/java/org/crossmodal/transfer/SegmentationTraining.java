package org.crossmodal.transfer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossmodal.data.Augmenter;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.SegmentationLoss;

/**
 * One epoch of supervised segmentation training with Adam and Dice + cross-entropy: seeded order
 * and augmentation per epoch (so a resumed epoch sees the same batches), a sub-manager per step,
 * and a finiteness check of loss and gradients on every step.
 */
final class SegmentationTraining implements AutoCloseable {
  private final LoadedModel model;
  private final Trainer trainer;
  private final int batch, size;
  private final long seed;
  private final TrainingBatch.EpochRate schedule;
  private final Optimizer optimizer;

  SegmentationTraining(LoadedModel model, int batch, double learningRate, long seed, int epochs) {
    this.model = model;
    this.batch = batch;
    this.seed = seed;
    this.schedule = new TrainingBatch.EpochRate(learningRate, 0.05, epochs);
    this.size = model.descriptor().inputSize();
    Engine.getInstance().setRandomSeed((int) seed);
    optimizer = Optimizer.adam().optLearningRateTracker(schedule).build();
    DefaultTrainingConfig cfg = new DefaultTrainingConfig(new SegmentationLoss(model.descriptor().classes().size()))
        .optOptimizer(optimizer);
    trainer = model.model().newTrainer(cfg);
    ModelFile.initialise(model.net(), model.model(), size);
  }

  /** The optimiser's state, for a checkpoint. */
  byte[] optimizerState() throws java.io.IOException {
    return AdamState.save(optimizer, model.net());
  }

  /** Continues from a checkpoint's optimiser state (after the network's parameters were restored). */
  void restoreOptimizerState(byte[] state) throws java.io.IOException {
    AdamState.restore(optimizer, model.net(), state);
  }

  interface StepListener {
    void onStep(int step, int steps, double loss);
  }

  /** Trains one epoch over {@code slices}; returns the mean loss. */
  double epoch(int epoch, List<LabelledSlice> slices, boolean augment, StepListener listener) {
    schedule.startEpoch(epoch);
    Random order = new Random(seed * 1_000_003L + epoch);
    List<LabelledSlice> shuffled = new ArrayList<>(slices);
    java.util.Collections.shuffle(shuffled, order);
    Engine.getInstance().setRandomSeed((int) (seed + 7919L * epoch));
    int steps = (shuffled.size() + batch - 1) / batch;
    double total = 0;
    for (int s = 0; s < steps; s++) {
      List<LabelledSlice> b = shuffled.subList(s * batch, Math.min(shuffled.size(), (s + 1) * batch));
      if (augment) {
        List<LabelledSlice> aug = new ArrayList<>();
        for (LabelledSlice x : b) aug.add(Augmenter.augment(x, new Random(order.nextLong())));
        b = aug;
      }
      double loss = step(b, epoch, s);
      total += loss;
      listener.onStep(s, steps, loss);
    }
    return total / steps;
  }

  private double step(List<LabelledSlice> b, int epoch, int stepNo) {
    double loss;
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDList data = TrainingBatch.of(sub, b, size);
      NDArray input = data.get(0);
      NDList labels = new NDList(data.get(1), data.get(2));
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray l = trainer.getLoss().evaluate(labels, trainer.forward(new NDList(input)));
        loss = l.getFloat();
        if (!Double.isFinite(loss)) throw new NonFiniteTrainingException("loss", epoch + 1, stepNo + 1);
        gc.backward(l);
      }
      FiniteGradients.require(model.net(), epoch + 1, stepNo + 1);
      trainer.step();
    }
    return loss;
  }

  @Override
  public void close() {
    trainer.close();
  }
}
