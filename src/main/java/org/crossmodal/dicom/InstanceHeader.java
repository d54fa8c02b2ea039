package org.crossmodal.dicom;

import java.nio.file.Path;
import java.util.List;

/**
 * What ingest needs to know of one DICOM instance without decoding its pixels. {@code pixelProblem}
 * is null when pixel data is present with the expected length (or a well-formed encapsulated
 * stream), else one line naming the file and the reason.
 * No patient names or IDs are kept: only UIDs, and for listings and fitness checks Body Part
 * Examined, the Study Date (in today's form) and the Study Description ("" when absent).
 */
public record InstanceHeader(
    Path file,
    String studyInstanceUid,
    String seriesInstanceUid,
    String sopInstanceUid,
    String sopClassUid,
    String modality,
    String seriesDescription,
    int rows,
    int columns,
    int frames,
    int samplesPerPixel,
    int bitsAllocated,
    int bitsStored,
    String transferSyntaxUid,
    String photometricInterpretation,
    int instanceNumber,
    double[] imagePosition,
    double[] imageOrientation,
    double[] pixelSpacing,
    double sliceThickness,
    double frameTimeMs,
    int mosaicImages,
    List<UltrasoundRegion> ultrasoundRegions,
    boolean hasPixelData,
    String pixelProblem,
    String bodyPartExamined,
    String studyDate,
    String studyDescription) {

  /** Slices or frames this instance contributes after a mosaic split. */
  public int imageCount() {
    return mosaicImages > 0 ? mosaicImages : Math.max(1, frames);
  }

  /** Position along the slice normal, or NaN when position or orientation is absent. */
  public double positionAlongNormal() {
    if (imagePosition == null || imagePosition.length < 3 || imageOrientation == null || imageOrientation.length < 6) {
      return Double.NaN;
    }
    double[] r = imageOrientation;
    double nx = r[1] * r[5] - r[2] * r[4], ny = r[2] * r[3] - r[0] * r[5], nz = r[0] * r[4] - r[1] * r[3];
    return imagePosition[0] * nx + imagePosition[1] * ny + imagePosition[2] * nz;
  }
}
