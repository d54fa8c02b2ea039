package org.crossmodal.inference;

import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.data.SliceGeometry;

/**
 * One ultrasound frame for the transfer: grey values, the B-mode imaging area ({@code sector}), the
 * square pixel size in mm, and truth labels where they exist (simulated frames; null otherwise).
 * {@code group} keeps frames of one source slice together for splitting.
 */
public record UltrasoundFrame(String id, int group, int width, int height, double pixelMm, float[] image,
    boolean[] sector, byte[] truth) {

  /** The frame as the network sees it: normalised square input, imaging area and truth at that scale. */
  public record Square(UltrasoundFrame frame, float[] image, boolean[] sector, byte[] truth) {}

  public Square toNetwork(NetworkGeometry network) {
    int size = network.inputSize();
    int side = SliceGeometry.side(width, height, pixelMm, network.fieldOfViewMm());
    // Outside the imaging area there is no echo: zero it so annotations or text never reach the network.
    float[] img = image.clone();
    for (int i = 0; i < img.length; i++) if (!sector[i]) img[i] = 0;
    return new Square(this, SliceGeometry.normalise(SliceGeometry.toField(img, width, height, side, size)),
        SliceGeometry.maskToField(sector, width, height, side, size),
        truth == null ? null : SliceGeometry.labelsToField(truth, width, height, side, size));
  }
}
