package org.crossmodal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import java.util.List;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.ModeScope;
import org.crossmodal.model.UNet;

/**
 * Dice + cross-entropy on a labelled batch (the teacher on MRI, the oracle on ultrasound truth).
 * With {@code lookDomains}, images with an ultrasound look go through the ultrasound batch norms and
 * the rest through the MRI ones, one graph at a time, each part's loss weighted by its share.
 */
final class SupervisedStep implements TrainingStep {
  private final Optimisation optimisation;
  private final int size;
  private final UNet net;
  private final boolean lookDomains;

  SupervisedStep(Optimisation optimisation, int size, UNet net, boolean lookDomains) {
    this.optimisation = optimisation;
    this.size = size;
    this.net = net;
    this.lookDomains = lookDomains;
  }

  @Override
  public double train(Batch batch) {
    Trainer trainer = optimisation.trainer();
    double loss = 0;
    try (NDManager sub = trainer.getManager().newSubManager()) {
      try (GradientCollector gc = trainer.newGradientCollector()) {
        if (!lookDomains) {
          loss = part(sub, gc, batch.main(), 1, batch);
        } else {
          List<LabelledSlice> mri = batch.main().stream().filter(s -> !s.ultrasoundLike()).toList();
          List<LabelledSlice> us = batch.main().stream().filter(LabelledSlice::ultrasoundLike).toList();
          double n = batch.main().size();
          try (ModeScope d = net.domain().use(DomainSwitch.MRI)) {
            if (!mri.isEmpty()) loss += part(sub, gc, mri, mri.size() / n, batch);
          }
          try (ModeScope d = net.domain().use(DomainSwitch.ULTRASOUND)) {
            if (!us.isEmpty()) loss += part(sub, gc, us, us.size() / n, batch);
          }
        }
      }
      optimisation.update(batch);
    }
    return loss;
  }

  /** Forward, weighted loss and backward of one part of the batch; its share of the loss. */
  private double part(NDManager sub, GradientCollector gc, List<LabelledSlice> images, double share, Batch batch) {
    Trainer trainer = optimisation.trainer();
    NDList data = TrainingBatch.of(sub, images, size);
    NDArray l = trainer.getLoss().evaluate(new NDList(data.get(1), data.get(2)), trainer.forward(new NDList(data.get(0))));
    if (share != 1) l = l.mul((float) share);
    double value = Optimisation.finite(l, batch);
    gc.backward(l);
    return value;
  }
}
