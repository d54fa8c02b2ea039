package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.util.PairList;

/**
 * A 1×1 convolution computed as a matrix product over channels. The class head has few output
 * channels (3 for the demo), exactly where oneDNN's convolution kernels give NaN gradients here.
 */
final class PixelwiseLinear extends AbstractBlock {
  private final int outputs;
  private final Parameter weight, bias;

  PixelwiseLinear(int outputs) {
    this.outputs = outputs;
    weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
        .optInitializer(new XavierInitializer()).build());
    bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray x = inputs.head();                                   // N, C, H, W
    NDArray w = ps.getValue(weight, x.getDevice(), training);    // K, C
    NDArray b = ps.getValue(bias, x.getDevice(), training);      // K
    NDArray y = x.transpose(0, 2, 3, 1).matMul(w.transpose()).add(b); // N, H, W, K
    return new NDList(y.transpose(0, 3, 1, 2));
  }

  @Override
  protected void prepare(Shape[] inputShapes) {
    long channels = inputShapes[0].get(1);
    weight.setShape(new Shape(outputs, channels));
    bias.setShape(new Shape(outputs));
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    Shape s = in[0];
    return new Shape[] {new Shape(s.get(0), outputs, s.get(2), s.get(3))};
  }
}
