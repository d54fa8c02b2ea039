package org.crossmodal.dicom;

import java.util.List;

/**
 * A decoded series: slices of a volume or frames of a cine, in order. {@code grey} is what models
 * see (rescaled values; for colour images the luminance); {@code rgb} keeps colour (packed
 * 0xRRGGBB) for display, null for grey series. Sizes are in mm. For ultrasound,
 * {@code imagingMask} marks the B-mode image area (from the Ultrasound Regions, else the detected
 * fan); it is null for other modalities. Pixel sizes are 0 when the file gives no calibration
 * (neither Pixel Spacing nor Ultrasound Regions with physical units): the scale is then unknown.
 */
public record ImageSeries(
    SeriesInfo info,
    int width,
    int height,
    float[][] grey,
    int[][] rgb,
    double pixelWidthMm,
    double pixelHeightMm,
    double sliceSpacingMm,
    double[] slicePositions,
    double[] orientation,
    double frameTimeMs,
    List<UltrasoundRegion> regions,
    boolean[] imagingMask) {

  public int frameCount() {
    return grey.length;
  }

  public boolean isColour() {
    return rgb != null;
  }

  public boolean isUltrasound() {
    return "US".equals(info.modality());
  }

  /** Whether the pixel size is known (from Pixel Spacing or Ultrasound Regions). */
  public boolean isCalibrated() {
    return pixelWidthMm > 0 && pixelHeightMm > 0;
  }

  public boolean isCine() {
    return !Double.isNaN(frameTimeMs) && frameTimeMs > 0;
  }
}
