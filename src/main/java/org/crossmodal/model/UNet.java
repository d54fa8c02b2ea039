package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A 2-D U-Net from small blocks: {@link DoubleConv} levels with max pooling down, nearest-neighbour
 * upsampling plus a 3×3 convolution up (the PyTorch engine has no transposed convolution), skip
 * connections, and a per-pixel linear class head. Batch norms are {@link DomainBatchNorm}s under one
 * {@link DomainSwitch}. Dropout sits after the bottleneck and before the head; with
 * {@link #monteCarloDropout} it stays on at inference for MC sampling.
 *
 * <p>Forward returns {@code [logits (N,K,H,W), bottleneck features (N,C,H/2^d,W/2^d)]}; the second
 * output feeds a domain classifier.
 */
public final class UNet extends AbstractBlock {
  /** {@code NDArrayEx.interpolation}'s code for nearest-neighbour (the PyTorch engine maps 0 to it). */
  private static final int NEAREST = 0;
  private final UNetConfig config;
  private final DomainSwitch domain = new DomainSwitch();
  private final Block[] down, upConv, upNorm, merge;
  private final Block bottleneck, head;
  private boolean monteCarloDropout;
  private EngineChoice.Precision training = EngineChoice.Precision.FP32, inference = EngineChoice.Precision.FP32;

  public UNet(UNetConfig c) {
    this.config = c;
    int d = c.depth();
    down = new Block[d];
    upConv = new Block[d];
    upNorm = new Block[d];
    merge = new Block[d];
    for (int i = 0; i < d; i++) down[i] = addChildBlock("down" + i, new DoubleConv(c.channelsAt(i), c.domains(), domain));
    bottleneck = addChildBlock("bottleneck", new DoubleConv(c.channelsAt(d), c.domains(), domain));
    for (int i = d - 1; i >= 0; i--) {
      upConv[i] = addChildBlock("upconv" + i, DoubleConv.conv3x3(c.channelsAt(i)));
      upNorm[i] = addChildBlock("upnorm" + i, new DomainBatchNorm(c.domains(), domain));
      merge[i] = addChildBlock("merge" + i, new DoubleConv(c.channelsAt(i), c.domains(), domain));
    }
    head = addChildBlock("head", new PixelwiseLinear(c.classes()));
  }

  public UNetConfig config() {
    return config;
  }

  public DomainSwitch domain() {
    return domain;
  }

  /** Dropout stays on at inference (Monte-Carlo sampling) until the scope closes. */
  public ModeScope monteCarloDropout(boolean on) {
    boolean previous = monteCarloDropout;
    monteCarloDropout = on;
    return () -> monteCarloDropout = previous;
  }

  /**
   * The precision of training and of inference passes (fp32 by default; {@link LoadedModel} sets the
   * engine's choice). In bf16 the input, the activations and the convolution and head weights are
   * bf16 (cast from the fp32 weights, which keep their fp32 gradients and optimiser updates);
   * batch-norm parameters and statistics stay fp32; logits and features come back as fp32.
   */
  public void setPrecision(EngineChoice.Precision training, EngineChoice.Precision inference) {
    this.training = training;
    this.inference = inference;
  }

  public EngineChoice.Precision precision(boolean training) {
    return training ? this.training : inference;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray[] skips = new NDArray[config.depth()];
    NDArray input = inputs.head();
    boolean bf16 = precision(training) == EngineChoice.Precision.BF16;
    if (bf16) {
      ps = new Bf16.CastingStore(ps, input.getManager());
      input = Bf16.toBf16(input, input.getManager());
    }
    NDList x = new NDList(channelsLast(input));
    for (int i = 0; i < config.depth(); i++) {
      x = down[i].forward(ps, x, training);
      skips[i] = x.head();
      x = new NDList(Pool.maxPool2d(x.head(), new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false));
    }
    NDArray features = bottleneck.forward(ps, x, training).head();
    NDArray y = dropout(features, training);
    for (int i = config.depth() - 1; i >= 0; i--) {
      NDArray up = upsample(y);
      up = Activation.relu(upNorm[i].forward(ps, upConv[i].forward(ps, new NDList(up), training), training)).head();
      y = merge[i].forward(ps, new NDList(NDArrays.concat(new NDList(skips[i], up), 1)), training).head();
    }
    NDArray logits = head.forward(ps, new NDList(dropout(y, training)), training).head();
    if (bf16) {
      logits = Bf16.toFp32(logits, logits.getManager());
      features = Bf16.toFp32(features, features.getManager());
    }
    return new NDList(logits, features);
  }

  /**
   * Nearest-neighbour ×2 in one libtorch op. {@code repeat} along both axes gives the same numbers
   * but copies twice forward, sums twice backward and drops the channels-last layout: a training
   * step took 15 % longer with it (docs/engine.md).
   */
  static NDArray upsample(NDArray y) {
    Shape s = y.getShape();
    return y.getNDArrayInternal().interpolation(new long[] {s.get(2) * 2, s.get(3) * 2}, NEAREST, false);
  }

  /**
   * The same values with channels-last strides. libtorch keeps that layout through convolution,
   * batch norm, pooling, upsampling and concatenation, and oneDNN then convolves without
   * reordering every input and output to its blocked layout: a training step took 8 % less time,
   * a forward pass 28 % less (docs/engine.md). The first reshape copies; the second is a view.
   */
  static NDArray channelsLast(NDArray x) {
    Shape s = x.getShape();
    return x.transpose(0, 2, 3, 1).reshape(-1).reshape(s.get(0), s.get(2), s.get(3), s.get(1)).transpose(0, 3, 1, 2);
  }

  private NDArray dropout(NDArray x, boolean training) {
    if (config.dropout() <= 0 || !(training || monteCarloDropout)) return x;
    return Dropout.dropout(x, (float) config.dropout(), true).head();
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    Shape s = in[0];
    long n = s.get(0), h = s.get(2), w = s.get(3);
    int d = config.depth();
    return new Shape[] {new Shape(n, config.classes(), h, w), new Shape(n, config.channelsAt(d), h >> d, w >> d)};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
    Shape s = in[0];
    long n = s.get(0), h = s.get(2), w = s.get(3);
    long channels = s.get(1);
    for (int i = 0; i < config.depth(); i++) {
      down[i].initialize(m, t, new Shape(n, channels, h >> i, w >> i));
      channels = config.channelsAt(i);
    }
    int d = config.depth();
    bottleneck.initialize(m, t, new Shape(n, channels, h >> d, w >> d));
    long below = config.channelsAt(d);
    for (int i = d - 1; i >= 0; i--) {
      Shape upShape = new Shape(n, below, h >> i, w >> i);
      upConv[i].initialize(m, t, upShape);
      upNorm[i].initialize(m, t, new Shape(n, config.channelsAt(i), h >> i, w >> i));
      merge[i].initialize(m, t, new Shape(n, 2L * config.channelsAt(i), h >> i, w >> i));
      below = config.channelsAt(i);
    }
    head.initialize(m, t, new Shape(n, config.channelsAt(0), h, w));
  }
}
