package org.crossmodal.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.ModeScope;
import org.crossmodal.model.UNet;
import org.crossmodal.training.adaptation.Adaptations;
import org.crossmodal.training.adaptation.StepContext;
import org.crossmodal.training.adaptation.StudentNetworks;

/**
 * One student step: the supervised loss on labelled MRI (MRI batch norms) plus the adaptation
 * methods' terms on it, then the methods' terms on ultrasound (ultrasound batch norms), one update.
 */
final class StudentStep implements TrainingStep {
  private final StudentNetworks networks;
  private final Adaptations adaptations;
  private final Optimisation optimisation;
  private final int size, epochs;
  private final boolean pseudoLabelled;

  /** {@code epochs}: of the whole run, for the ramp; {@code pseudoLabelled}: whether this round's ultrasound labels count. */
  StudentStep(StudentNetworks networks, Adaptations adaptations, Optimisation optimisation, int epochs, boolean pseudoLabelled) {
    this.networks = networks;
    this.adaptations = adaptations;
    this.optimisation = optimisation;
    this.size = networks.student().descriptor().inputSize();
    this.epochs = epochs;
    this.pseudoLabelled = pseudoLabelled;
  }

  @Override
  public double train(Batch batch) {
    float ramp = (float) (2 / (1 + Math.exp(-10 * batch.progress(epochs))) - 1);
    Trainer trainer = optimisation.trainer();
    UNet unet = networks.unet();
    double loss;
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDList mri = TrainingBatch.of(sub, batch.alongside(), size), us = TrainingBatch.of(sub, batch.main(), size);
      StepContext step = new StepContext(sub, ramp, pseudoLabelled, batch.alongside().size() + batch.main().size(), us,
          adaptations.ultrasoundDomain());
      // One graph at a time: the MRI loss is back-propagated before the ultrasound forward pass, and
      // the gradients add up as for the summed loss. With both graphs alive at once the result
      // depended on when the JVM collected garbage (docs/transfer.md, "Run to run").
      try (ModeScope modes = adaptations.during(step); GradientCollector gc = trainer.newGradientCollector()) {
        NDList outM;
        try (ModeScope domain = unet.domain().use(DomainSwitch.MRI)) {
          outM = trainer.forward(new NDList(mri.get(0)));
        }
        NDArray lm = adaptations.mriLoss(step, outM, networks.loss().evaluate(new NDList(mri.get(1), mri.get(2)), outM));
        loss = Optimisation.finite(lm, batch);
        gc.backward(lm);
        NDList outU;
        try (ModeScope domain = unet.domain().use(step.ultrasoundDomain())) {
          outU = trainer.forward(new NDList(us.get(0)));
        }
        NDArray lu = adaptations.ultrasoundLoss(step, outU);
        if (lu != null) {
          loss += Optimisation.finite(lu, batch);
          gc.backward(lu);
        }
      }
      optimisation.update(batch);
    }
    adaptations.afterStep();
    return loss;
  }
}
