package org.crossmodal.model;

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
    x = Activation.relu(norm1.forward(ps, conv1.forward(ps, x, training), training));
    return Activation.relu(norm2.forward(ps, conv2.forward(ps, x, training), training));
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
