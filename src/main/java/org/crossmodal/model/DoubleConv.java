package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The U-Net's unit: (3×3 conv → domain batch norm → ReLU) twice. */
final class DoubleConv extends AbstractBlock {
  private final Block conv1, norm1, conv2, norm2;

  DoubleConv(int channels, int domains, DomainSwitch domain) {
    conv1 = addChildBlock("conv1", conv3x3(channels));
    norm1 = addChildBlock("norm1", new DomainBatchNorm(domains, domain));
    conv2 = addChildBlock("conv2", conv3x3(channels));
    norm2 = addChildBlock("norm2", new DomainBatchNorm(domains, domain));
  }

  static Block conv3x3(int channels) {
    return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(channels).build();
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList x, boolean training, PairList<String, Object> params) {
    x = x.size() == 2 ? new NDList(splitConv(ps, x.get(0), x.get(1), training)) : conv1.forward(ps, x, training);
    x = Activation.relu(norm1.forward(ps, x, training));
    return Activation.relu(norm2.forward(ps, conv2.forward(ps, x, training), training));
  }

  /**
   * The first convolution over the channel concatenation of {@code a} and {@code b}, computed as
   * the sum of two convolutions with the matching halves of its weight: the same numbers, but no
   * concatenated copy, and backward hands each branch a dense gradient instead of a strided slice
   * of the concatenation's (which batch norm and ReLU backward take slowly in channels-last).
   */
  private NDArray splitConv(ParameterStore ps, NDArray a, NDArray b, boolean training) {
    ai.djl.nn.Parameter wp = conv1.getParameters().get("weight"), bp = conv1.getParameters().get("bias");
    NDArray w = ps.getValue(wp, a.getDevice(), training), bias = ps.getValue(bp, a.getDevice(), training);
    long ca = a.getShape().get(1);
    Shape one = new Shape(1, 1);
    NDArray ya = Conv2d.conv2d(a, w.get(":, 0:" + ca), bias, one, one, one, 1).head();
    NDArray yb = Conv2d.conv2d(b, w.get(":, " + ca + ":"), null, one, one, one, 1).head();
    return ya.add(yb);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    return conv2.getOutputShapes(conv1.getOutputShapes(in));
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
    conv1.initialize(m, t, in);
    Shape[] s = conv1.getOutputShapes(in);
    norm1.initialize(m, t, s);
    conv2.initialize(m, t, s);
    norm2.initialize(m, t, conv2.getOutputShapes(s));
  }
}
