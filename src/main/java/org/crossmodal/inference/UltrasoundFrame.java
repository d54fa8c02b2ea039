package org.crossmodal.inference;

import org.crossmodal.data.InputFit;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.data.SliceGeometry;

/**
 * One ultrasound frame for the transfer: grey values, the B-mode imaging area ({@code sector}), the
 * square pixel size in mm, and truth labels where they exist (simulated frames; null otherwise).
 * {@code group} keeps frames of one source slice together for splitting.
 */
public record UltrasoundFrame(String id, int group, int width, int height, double pixelMm, float[] image,
    boolean[] sector, byte[] truth) {

  /** The frame as the network sees it: square input normalised over its imaging area, that area and truth at that scale. */
  public record Square(UltrasoundFrame frame, float[] image, boolean[] sector, byte[] truth) {}

  /**
   * The frame as the network sees it ({@link InputFit#single}): at the field of view's scale when
   * the pixel size is known, else its imaging area fitted to the input; never cropped.
   */
  public Square toNetwork(NetworkGeometry network) {
    return toNetwork(fit(network), network);
  }

  /** How this frame is placed on the network's input. */
  public InputFit fit(NetworkGeometry network) {
    return InputFit.single(width, height, pixelMm, sector, network);
  }

  private Square toNetwork(InputFit fit, NetworkGeometry network) {
    int size = network.inputSize(), side = fit.side();
    // Outside the imaging area there is no echo: zero it so annotations or text never reach the network.
    float[] img = image.clone();
    for (int i = 0; i < img.length; i++) if (!sector[i]) img[i] = 0;
    boolean[] field = SliceGeometry.maskToField(fit.window(sector, 0), side, side, side, size);
    return new Square(this, SliceGeometry.normalise(SliceGeometry.toField(fit.window(img, 0), side, side, side, size), field), field,
        truth == null ? null : SliceGeometry.labelsToField(fit.window(truth, 0), side, side, side, size));
  }
}
