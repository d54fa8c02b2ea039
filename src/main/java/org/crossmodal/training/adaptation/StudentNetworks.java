package org.crossmodal.training.adaptation;

import org.crossmodal.model.AdaptationNet;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.SegmentationLoss;
import org.crossmodal.model.UNet;

/**
 * The networks of one student run: the student (inside {@link AdaptationNet}, with its domain
 * classifier), its moving average (the mean teacher's network) and the segmentation loss.
 */
public record StudentNetworks(LoadedModel student, AdaptationNet net, LoadedModel meanTeacher, SegmentationLoss loss) {
  public UNet unet() {
    return net.unet();
  }
}
