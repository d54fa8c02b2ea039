package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy plus soft Dice over the foreground classes, both weighted per pixel. Labels are
 * {@code (N,H,W)} class indices; weights {@code (N,H,W)} are 0 where a pixel must not count
 * (unconfident pseudo-labels) and may carry confidence otherwise.
 */
public final class SegmentationLoss extends Loss {
  private static final float EPS = 1f;
  private final int classes;

  public SegmentationLoss(int classes) {
    super("DiceCE");
    this.classes = classes;
  }

  /** {@code labels = [classIndex (N,H,W) float, weight (N,H,W) float]}, {@code predictions = [logits, ...]}. */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray logits = predictions.head();
    NDArray target = labels.get(0).toType(ai.djl.ndarray.types.DataType.INT32, false);
    NDArray weight = labels.get(1).expandDims(1);                              // N,1,H,W
    NDArray truth = target.oneHot(classes).transpose(0, 3, 1, 2).mul(weight);  // N,K,H,W
    NDArray weightSum = weight.sum().add(1e-6f);
    NDArray logProbs = logits.logSoftmax(1);
    NDArray ce = truth.mul(logProbs).sum().neg().div(weightSum);
    // One log-softmax serves both terms, and the Dice sums run over N, H, W in place: a third less
    // time for loss and gradient than a separate softmax and transposed copies (docs/engine.md).
    NDArray probs = logProbs.exp().mul(weight);
    int[] allButClass = {0, 2, 3};
    NDArray inter = probs.mul(truth).sum(allButClass);
    NDArray denom = probs.add(truth).sum(allButClass);
    NDArray dice = inter.mul(2).add(EPS).div(denom.add(EPS));
    NDArray foregroundDice = dice.get("1:").mean();
    return ce.add(foregroundDice.neg().add(1));
  }
}
