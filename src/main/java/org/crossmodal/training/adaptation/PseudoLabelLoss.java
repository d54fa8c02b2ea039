package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.crossmodal.model.SegmentationLoss;

/** Self-training: the weighted Dice + cross-entropy on the pseudo-labelled ultrasound (after the warm-up). */
final class PseudoLabelLoss implements AdaptationMethod {
  private final SegmentationLoss loss;
  private final float weight;
  private final boolean foregroundOnly;

  PseudoLabelLoss(SegmentationLoss loss, double weight, boolean foregroundOnly) {
    this.loss = loss;
    this.weight = (float) weight;
    this.foregroundOnly = foregroundOnly;
  }

  @Override
  public NDArray ultrasoundLoss(StepContext step, NDList out) {
    if (!step.pseudoLabelled()) return null;
    NDList labels = new NDList(step.ultrasound().get(1), step.ultrasound().get(2));
    return UltrasoundTargets.pseudoLabelLoss(loss, labels, out, foregroundOnly).mul(weight);
  }
}
