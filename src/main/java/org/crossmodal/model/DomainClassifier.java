package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Says whether encoder features come from MRI or ultrasound: global average pooling, a hidden
 * layer, two logits. Its input passes a gradient-reversal layer, so while it learns to tell the
 * domains apart the encoder learns features that it cannot (DANN, Ganin and Lempitsky 2015).
 */
public final class DomainClassifier extends AbstractBlock {
  private final Block hidden, out;
  private float reversal;

  public DomainClassifier(int hiddenUnits) {
    hidden = addChildBlock("hidden", Linear.builder().setUnits(hiddenUnits).build());
    out = addChildBlock("out", Linear.builder().setUnits(2).build());
  }

  /** Weight λ of the reversed gradient (the forward pass is the identity) until the scope closes. */
  public ModeScope reversal(float lambda) {
    float previous = reversal;
    reversal = lambda;
    return () -> reversal = previous;
  }

  /** Identity forward; backward multiplies the gradient by −λ: (1+λ)·stop(x) − λ·x. */
  static NDArray reverseGradient(NDArray x, float lambda) {
    return x.stopGradient().mul(1 + lambda).sub(x.mul(lambda));
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray features = reverseGradient(inputs.head(), reversal).mean(new int[] {3}).mean(new int[] {2});
    NDArray h = Activation.relu(hidden.forward(ps, new NDList(features), training).head());
    return out.forward(ps, new NDList(h), training);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    return new Shape[] {new Shape(in[0].get(0), 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
    hidden.initialize(m, t, new Shape(in[0].get(0), in[0].get(1)));
    out.initialize(m, t, new Shape(in[0].get(0), hidden.getOutputShapes(new Shape[] {new Shape(in[0].get(0), in[0].get(1))})[0].get(1)));
  }
}
