package org.crossmodal.data;

/**
 * 2-D grey images to segment, from any input the command line accepts: frames of one series or
 * volume, their pixel size in mm, and (for ultrasound) the imaging area; {@code mask} may be null.
 */
public record ImageSource(String name, int width, int height, float[][] frames, double pixelWidthMm,
    double pixelHeightMm, boolean[] mask) {}
