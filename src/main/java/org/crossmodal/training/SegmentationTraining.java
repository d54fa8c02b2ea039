package org.crossmodal.training;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.util.List;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.SegmentationLoss;

/**
 * Supervised segmentation training of one model (the teacher, the oracle, the training benchmark):
 * Adam, Dice + cross-entropy, the {@link EpochLoop} with a {@link SupervisedStep}.
 */
final class SegmentationTraining implements AutoCloseable {
  private final Optimisation optimisation;
  private final EpochLoop loop;
  private final SupervisedStep step;

  SegmentationTraining(LoadedModel model, int batch, double learningRate, long seed, int epochs) {
    int size = model.descriptor().inputSize();
    // Seeded before the network's weights are initialised (a fresh teacher's are, here).
    Engine.getInstance().setRandomSeed((int) seed);
    optimisation = new Optimisation(model.model(), model.net(), new SegmentationLoss(model.descriptor().classes().size()), learningRate,
        0.05, epochs);
    ModelFile.initialise(model.net(), model.model(), size);
    loop = new EpochLoop(batch, seed);
    step = new SupervisedStep(optimisation, size);
  }

  byte[] optimizerState() throws IOException {
    return optimisation.save();
  }

  void restoreOptimizerState(byte[] state) throws IOException {
    optimisation.restore(state);
  }

  /** Trains one epoch over {@code slices}; returns the mean loss. */
  double epoch(int epoch, List<LabelledSlice> slices, boolean augment, EpochLoop.StepListener listener) {
    optimisation.startEpoch(epoch);
    return loop.run(epoch, slices, List.of(), augment, step, listener);
  }

  @Override
  public void close() {
    optimisation.close();
  }
}
