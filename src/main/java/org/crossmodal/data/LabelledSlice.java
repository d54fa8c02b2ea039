package org.crossmodal.data;

/**
 * A square training image (normalised) with its class labels; {@code index} is its slice number;
 * {@code region} is the imaged area whose statistics normalised it (head or sector; null: the
 * whole square), which augmentation carries along.
 */
public record LabelledSlice(int index, int size, float[] image, byte[] labels, boolean[] region) {
  public LabelledSlice(int index, int size, float[] image, byte[] labels) {
    this(index, size, image, labels, null);
  }
}
