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
import org.crossmodal.training.adaptation.Adaptations;
import org.crossmodal.training.adaptation.StepContext;
import org.crossmodal.training.adaptation.StudentNetworks;

/**
 * One student step: the supervised loss on labelled MRI (MRI batch norms) plus the adaptation
 * methods' terms on it; the supervised loss on labelled MRI views with an ultrasound look (the
 * batch norms ultrasound uses); then the methods' terms on ultrasound; one update.
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
    List<LabelledSlice> plain = batch.alongside().stream().filter(s -> !s.ultrasoundLike()).toList();
    List<LabelledSlice> looks = batch.alongside().stream().filter(LabelledSlice::ultrasoundLike).toList();
    double labelled = Math.max(1, batch.alongside().size());
    double loss = 0;
    try (NDManager sub = trainer.getManager().newSubManager()) {
      NDList us = TrainingBatch.of(sub, batch.main(), size);
      StepContext step = new StepContext(sub, ramp, pseudoLabelled, plain.size() + batch.main().size(), us,
          adaptations.ultrasoundDomain());
      // One graph at a time: each part's loss is back-propagated before the next forward pass, and
      // the gradients add up as for the summed loss. With two graphs alive at once the result
      // depended on when the JVM collected garbage (docs/transfer.md, "Run to run").
      try (ModeScope modes = adaptations.during(step); GradientCollector gc = trainer.newGradientCollector()) {
        if (!plain.isEmpty()) {
          NDList mri = TrainingBatch.of(sub, plain, size);
          NDList outM;
          try (ModeScope domain = unet.domain().use(DomainSwitch.MRI)) {
            outM = trainer.forward(new NDList(mri.get(0)));
          }
          NDArray supervised = networks.loss().evaluate(new NDList(mri.get(1), mri.get(2)), outM);
          if (plain.size() < labelled) supervised = supervised.mul((float) (plain.size() / labelled));
          NDArray lm = adaptations.mriLoss(step, outM, supervised);
          loss += Optimisation.finite(lm, batch);
          gc.backward(lm);
        }
        if (!looks.isEmpty()) {
          // Labelled MRI with an ultrasound look trains the batch norms ultrasound uses, with its labels.
          NDList looked = TrainingBatch.of(sub, looks, size);
          NDList outL;
          try (ModeScope domain = unet.domain().use(step.ultrasoundDomain())) {
            outL = trainer.forward(new NDList(looked.get(0)));
          }
          NDArray ll = networks.loss().evaluate(new NDList(looked.get(1), looked.get(2)), outL).mul((float) (looks.size() / labelled));
          loss += Optimisation.finite(ll, batch);
          gc.backward(ll);
        }
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
