package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.crossmodal.model.SegmentationLoss;

/**
 * The student's two targets on ultrasound, which has no labels: the pseudo-labels and the mean
 * teacher's prediction. With {@code foregroundOnly} both teach only where the foreground is, not
 * which foreground class: the teacher does not see the deep grey nuclei on ultrasound, so its word on
 * them would only teach that there are none ({@link org.crossmodal.config.StudentConfig.Adaptation#ultrasoundForegroundOnly}).
 */
final class UltrasoundTargets {
  private UltrasoundTargets() {}

  /** {@code labels = [classIndex, weight]} of the pseudo-labels, {@code predictions = [logits, ...]}. */
  static NDArray pseudoLabelLoss(SegmentationLoss loss, NDList labels, NDList predictions, boolean foregroundOnly) {
    return foregroundOnly ? loss.foregroundOnly(labels, predictions) : loss.evaluate(labels, predictions);
  }

  /** Mean squared difference of two (N, K, H, W) class probability maps, per class or background against foreground. */
  static NDArray consistency(NDArray probabilities, NDArray target, boolean foregroundOnly) {
    NDArray p = foregroundOnly ? backgroundAndForeground(probabilities) : probabilities;
    NDArray t = foregroundOnly ? backgroundAndForeground(target) : target;
    return p.sub(t).square().mean();
  }

  /** (N, K, H, W) to (N, 2, H, W): the background and the sum of the other classes. */
  private static NDArray backgroundAndForeground(NDArray p) {
    return p.get(":, 0:1").concat(p.get(":, 1:").sum(new int[] {1}, true), 1);
  }
}
