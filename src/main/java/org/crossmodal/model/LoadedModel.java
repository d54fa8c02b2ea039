package org.crossmodal.model;

import ai.djl.Model;

/** A network with its parameters and descriptor; owns the native memory until closed. */
public final class LoadedModel implements AutoCloseable {
  private final Model model;
  private final UNet net;
  private final ModelDescriptor descriptor;

  LoadedModel(Model model, UNet net, ModelDescriptor descriptor) {
    this.model = model;
    this.net = net;
    this.descriptor = descriptor;
  }

  /** A fresh, randomly initialised network for training (seeded through the engine). */
  public static LoadedModel create(ModelDescriptor descriptor, int threads) {
    Engines.pytorch(threads);
    Model model = Model.newInstance(descriptor.kind());
    UNet net = new UNet(descriptor.architecture());
    EngineChoice c = Engines.choice();
    net.setPrecision(c.training(), c.inference());
    model.setBlock(net);
    return new LoadedModel(model, net, descriptor);
  }

  public Model model() {
    return model;
  }

  public UNet net() {
    return net;
  }

  public ModelDescriptor descriptor() {
    return descriptor;
  }

  @Override
  public void close() {
    model.close();
  }
}
