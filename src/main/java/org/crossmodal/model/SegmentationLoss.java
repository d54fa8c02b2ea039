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
    NDArray oneHot = target.oneHot(classes).transpose(0, 3, 1, 2);              // N,K,H,W
    NDArray weightSum = weight.sum().add(1e-6f);
    NDArray ce = oneHot.mul(logits.logSoftmax(1)).mul(weight).sum().neg().div(weightSum);
    NDArray probs = logits.softmax(1).mul(weight);
    NDArray truth = oneHot.mul(weight);
    long k = classes;
    NDArray inter = probs.mul(truth).transpose(1, 0, 2, 3).reshape(k, -1).sum(new int[] {1});
    NDArray denom = probs.add(truth).transpose(1, 0, 2, 3).reshape(k, -1).sum(new int[] {1});
    NDArray dice = inter.mul(2).add(EPS).div(denom.add(EPS));
    NDArray foregroundDice = dice.get("1:").mean();
    return ce.add(foregroundDice.neg().add(1));
  }
}
