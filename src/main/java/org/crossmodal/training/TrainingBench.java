package org.crossmodal.training;

import java.util.List;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.LoadedModel;

/** The production training step, opened for the training benchmark (no augmentation, fixed seed). */
public final class TrainingBench implements AutoCloseable {
  private final SegmentationTraining training;

  public TrainingBench(LoadedModel model, int batch) {
    training = new SegmentationTraining(model, batch, 1e-3, 1, 1);
  }

  public void train(List<LabelledSlice> slices) {
    training.epoch(0, slices, false, (s, n, l) -> {});
  }

  @Override
  public void close() {
    training.close();
  }
}
