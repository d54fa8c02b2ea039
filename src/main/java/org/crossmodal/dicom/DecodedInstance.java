package org.crossmodal.dicom;

/**
 * Decoded pixels of one instance: rescaled grey values per frame (for colour images, the luminance)
 * and, for colour images, packed 0xRRGGBB per frame.
 */
public record DecodedInstance(int width, int height, float[][] grey, int[][] rgb) {
  public boolean isColour() {
    return rgb != null;
  }
}
