package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.crossmodal.model.DomainClassifier;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.ModeScope;

/**
 * A domain classifier on the U-Net's bottleneck behind gradient reversal (DANN): its cross-entropy
 * over the step's MRI and ultrasound images, with the reversal weight ramping up to {@code weight}.
 */
final class AdversarialHead implements AdaptationMethod {
  private final DomainClassifier classifier;
  private final double weight;

  AdversarialHead(DomainClassifier classifier, double weight) {
    this.classifier = classifier;
    this.weight = weight;
  }

  @Override
  public ModeScope during(StepContext step) {
    return classifier.reversal((float) (weight * step.ramp()));
  }

  @Override
  public NDArray mriLoss(StepContext step, NDList out) {
    return domainLoss(out.get(2), DomainSwitch.MRI, step.images());
  }

  @Override
  public NDArray ultrasoundLoss(StepContext step, NDList out) {
    return domainLoss(out.get(2), DomainSwitch.ULTRASOUND, step.images());
  }

  /**
   * This domain's share of the classifier's cross-entropy over the {@code images} of a step: the
   * two shares add up to its mean over the step.
   */
  private static NDArray domainLoss(NDArray logits, int domain, int images) {
    return logits.logSoftmax(1).get(":, " + domain).sum().neg().div(images);
  }
}
