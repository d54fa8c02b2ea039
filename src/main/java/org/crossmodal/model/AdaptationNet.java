package org.crossmodal.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The student during training: a U-Net and a {@link DomainClassifier} on its bottleneck features.
 * Forward returns {@code [logits, features, domain logits]}. Only the U-Net is saved in the model
 * file; the classifier exists for training.
 */
public final class AdaptationNet extends AbstractBlock {
  private final UNet unet;
  private final DomainClassifier classifier;

  public AdaptationNet(UNet unet, int hiddenUnits) {
    this.unet = addChildBlock("unet", unet);
    this.classifier = addChildBlock("domainClassifier", new DomainClassifier(hiddenUnits));
  }

  public UNet unet() {
    return unet;
  }

  public DomainClassifier classifier() {
    return classifier;
  }

  @Override
  protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList out = unet.forward(ps, inputs, training);
    NDList domain = classifier.forward(ps, new NDList(out.get(1)), training);
    return new NDList(out.get(0), out.get(1), domain.head());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] in) {
    Shape[] u = unet.getOutputShapes(in);
    return new Shape[] {u[0], u[1], new Shape(in[0].get(0), 2)};
  }

  @Override
  protected void initializeChildBlocks(NDManager m, DataType t, Shape... in) {
    unet.initialize(m, t, in);
    classifier.initialize(m, t, unet.getOutputShapes(in)[1]);
  }
}
