package org.crossmodal.data;

/** A square training image (normalised) with its class labels; {@code index} is its slice number. */
public record LabelledSlice(int index, int size, float[] image, byte[] labels) {}
