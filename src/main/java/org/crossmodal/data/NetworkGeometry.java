package org.crossmodal.data;

/**
 * The network's square input: its side in pixels and the physical width it covers in training
 * ({@code fieldOfViewMm}; 0 when unknown, and each image is then just padded to a square). Images
 * with a known pixel size are brought to this scale before inference.
 */
public record NetworkGeometry(int inputSize, double fieldOfViewMm) {
  /** Pixel size of the network's input in mm; 0 when the field of view is unknown. */
  public double pixelMm() {
    return fieldOfViewMm > 0 ? fieldOfViewMm / inputSize : 0;
  }
}
