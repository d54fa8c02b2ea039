package org.crossmodal.data;

/**
 * 2-D grey images to segment, from any input the command line accepts: frames of one series or
 * volume, their pixel size in mm (0 when the input has no calibration), (for ultrasound) the
 * imaging area, and where they came from; {@code mask} may be null. {@code name} is the input's
 * own name (its file name without extension), which results are named after.
 */
public record ImageSource(String name, int width, int height, float[][] frames, double pixelWidthMm,
    double pixelHeightMm, boolean[] mask, ImageOrigin origin) {

  public ImageSource {
    origin = origin == null ? ImageOrigin.unknown() : origin;
  }

  public ImageSource(String name, int width, int height, float[][] frames, double pixelWidthMm, double pixelHeightMm,
      boolean[] mask) {
    this(name, width, height, frames, pixelWidthMm, pixelHeightMm, mask, null);
  }

  public ImageSource withOrigin(ImageOrigin o) {
    return o == origin ? this : new ImageSource(name, width, height, frames, pixelWidthMm, pixelHeightMm, mask, o);
  }

  /** Whether the pixel size is real (from the file), not unknown. */
  public boolean isCalibrated() {
    return pixelWidthMm > 0 && pixelHeightMm > 0;
  }
}
