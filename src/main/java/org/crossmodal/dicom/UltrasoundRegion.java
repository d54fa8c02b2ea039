package org.crossmodal.dicom;

/**
 * One item of the Sequence of Ultrasound Regions (0018,6011): where in the image a region lies and
 * how big its pixels are. Deltas are in the units of {@code physicalUnitsX/Y} (3 = cm, per PS3.3).
 */
public record UltrasoundRegion(int minX, int minY, int maxX, int maxY, int spatialFormat, int dataType,
    int physicalUnitsX, int physicalUnitsY, double physicalDeltaX, double physicalDeltaY) {

  /** Region data type 1 = tissue (B-mode) image. */
  public boolean isTissue() {
    return dataType == 1;
  }

  /** Pixel width in mm, or NaN when the region's units are not cm. */
  public double pixelWidthMm() {
    return physicalUnitsX == 3 ? physicalDeltaX * 10 : Double.NaN;
  }

  public double pixelHeightMm() {
    return physicalUnitsY == 3 ? physicalDeltaY * 10 : Double.NaN;
  }
}
