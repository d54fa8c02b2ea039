package org.crossmodal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/** Dice + cross-entropy on a labelled batch (the teacher on MRI, the oracle on ultrasound truth). */
final class SupervisedStep implements TrainingStep {
  private final Optimisation optimisation;
  private final int size;

  SupervisedStep(Optimisation optimisation, int size) {
    this.optimisation = optimisation;
    this.size = size;
  }

  @Override
  public double train(Batch batch) {
    Trainer trainer = optimisation.trainer();
    double loss;
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDList data = TrainingBatch.of(sub, batch.main(), size);
      try (GradientCollector gc = trainer.newGradientCollector()) {
        NDArray l = trainer.getLoss().evaluate(new NDList(data.get(1), data.get(2)), trainer.forward(new NDList(data.get(0))));
        loss = Optimisation.finite(l, batch);
        gc.backward(l);
      }
      optimisation.update(batch);
    }
    return loss;
  }
}
