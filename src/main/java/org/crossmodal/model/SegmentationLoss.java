package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * Cross-entropy plus soft Dice over the foreground classes present in the batch, both weighted per pixel. Labels are
 * {@code (N,H,W)} class indices; weights {@code (N,H,W)} are 0 where a pixel must not count
 * (unconfident pseudo-labels) and may carry confidence otherwise. {@link #foregroundOnly} scores
 * only foreground against background, for labels that know where the foreground is but not which
 * class it belongs to.
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
    // Dice only of the foreground classes the batch holds. An absent class's smoothed Dice,
    // 1 / (sum of its probabilities + 1), pulls its probabilities to zero everywhere: a rare class
    // (the deep grey nuclei) missing from a few batches was then never learnt by some seeds
    // (docs/experiments/2026-12-05-bf16-training-and-teacher-seeds.md). Cross-entropy still
    // scores every pixel.
    NDArray present = truth.sum(allButClass).gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).get("1:");
    NDArray diceLoss = dice.get("1:").neg().add(1).mul(present).sum().div(present.sum().maximum(1f));
    return ce.add(diceLoss);
  }

  /**
   * The same two terms for two classes: background (class 0) against the foreground, whose
   * probability is the sum over every other class. How that sum splits among the foreground classes
   * does not change the loss.
   */
  public NDArray foregroundOnly(NDList labels, NDList predictions) {
    NDArray logProbs = predictions.head().logSoftmax(1);
    NDArray weight = labels.get(1);                                                       // N,H,W
    NDArray truth = labels.get(0).gte(1f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(weight);
    NDArray background = weight.sub(truth);
    NDArray foreground = logProbs.get(":, 1:").exp().sum(new int[] {1});                  // N,H,W
    NDArray ce = truth.mul(foreground.add(1e-7f).log()).add(background.mul(logProbs.get(":, 0"))).sum().neg()
        .div(weight.sum().add(1e-6f));
    NDArray p = foreground.mul(weight);
    NDArray dice = p.mul(truth).sum().mul(2).add(EPS).div(p.add(truth).sum().add(EPS));
    return ce.add(dice.neg().add(1));
  }
}
