package org.crossmodal.data;

/**
 * A square training image (normalised) with its class labels; {@code index} is its slice number;
 * {@code region} is the imaged area whose statistics normalised it (head or sector; null: the
 * whole square), which augmentation carries along; {@code ultrasoundLike}: drawn with an ultrasound
 * look, so trained through the network's ultrasound batch norms rather than its MRI ones.
 */
public record LabelledSlice(int index, int size, float[] image, byte[] labels, boolean[] region, boolean ultrasoundLike) {
  public LabelledSlice(int index, int size, float[] image, byte[] labels) {
    this(index, size, image, labels, null, false);
  }

  public LabelledSlice(int index, int size, float[] image, byte[] labels, boolean[] region) {
    this(index, size, image, labels, region, false);
  }
}
