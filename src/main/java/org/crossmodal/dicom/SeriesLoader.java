package org.crossmodal.dicom;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Decodes one series of a scan into an {@link ImageSeries}, one instance at a time. */
public final class SeriesLoader {
  private final DicomBackend backend;

  public SeriesLoader() {
    this(DicomBackend.standard());
  }

  public SeriesLoader(DicomBackend backend) {
    this.backend = backend;
  }

  public ImageSeries load(SeriesInfo info) throws DicomFileException {
    if (!info.isLoadable()) throw new IllegalArgumentException("series cannot be loaded: " + info.error());
    List<float[]> grey = new ArrayList<>();
    List<int[]> rgb = new ArrayList<>();
    List<Double> positions = new ArrayList<>();
    int width = info.columns(), height = info.rows();
    for (InstanceHeader h : info.instanceHeaders()) {
      DecodedInstance d = backend.decode(h.file());
      for (int f = 0; f < d.grey().length; f++) {
        if (h.mosaicImages() > 0) {
          grey.addAll(Arrays.asList(Mosaic.split(d.grey()[f], d.width(), d.height(), h.mosaicImages())));
          for (int k = 0; k < h.mosaicImages(); k++) positions.add(Double.NaN);
        } else {
          grey.add(d.grey()[f]);
          if (d.isColour()) rgb.add(d.rgb()[f]);
          positions.add(h.positionAlongNormal());
        }
      }
    }
    InstanceHeader first = info.instanceHeaders().get(0);
    float[][] g = grey.toArray(float[][]::new);
    int[][] c = rgb.isEmpty() ? null : rgb.toArray(int[][]::new);
    double[] pos = positions.stream().mapToDouble(Double::doubleValue).toArray();
    double[] spacing = pixelSpacing(first);
    boolean[] mask = "US".equals(info.modality()) ? imagingMask(first, g, width, height) : null;
    return new ImageSeries(info, width, height, g, c, spacing[1], spacing[0], sliceSpacing(pos, first), pos,
        first.imageOrientation(), first.frameTimeMs(), first.ultrasoundRegions(), mask);
  }

  /**
   * Row and column spacing in mm: Pixel Spacing, else the tissue region's physical deltas, else 0:
   * unknown. An image without either has no physical scale, and none is invented for it.
   */
  private static double[] pixelSpacing(InstanceHeader h) {
    if (h.pixelSpacing() != null && h.pixelSpacing().length >= 2) return h.pixelSpacing();
    for (UltrasoundRegion r : h.ultrasoundRegions()) {
      if (r.isTissue() && r.pixelWidthMm() > 0 && r.pixelHeightMm() > 0) {
        return new double[] {r.pixelHeightMm(), r.pixelWidthMm()};
      }
    }
    return new double[] {0, 0};
  }

  /** Median distance between neighbouring slice positions, else Slice Thickness, else 1 mm. */
  private static double sliceSpacing(double[] pos, InstanceHeader h) {
    List<Double> d = new ArrayList<>();
    for (int i = 1; i < pos.length; i++) {
      double s = Math.abs(pos[i] - pos[i - 1]);
      if (!Double.isNaN(s) && s > 0) d.add(s);
    }
    if (!d.isEmpty()) {
      d.sort(null);
      return d.get(d.size() / 2);
    }
    return h.sliceThickness() > 0 ? h.sliceThickness() : 1;
  }

  private static boolean[] imagingMask(InstanceHeader h, float[][] frames, int w, int ht) {
    List<UltrasoundRegion> tissue = h.ultrasoundRegions().stream().filter(UltrasoundRegion::isTissue).toList();
    if (tissue.isEmpty()) return FanDetector.detect(frames, w, ht);
    boolean[] mask = new boolean[w * ht];
    for (UltrasoundRegion r : tissue) {
      for (int y = Math.max(0, r.minY()); y <= Math.min(ht - 1, r.maxY()); y++) {
        for (int x = Math.max(0, r.minX()); x <= Math.min(w - 1, r.maxX()); x++) mask[y * w + x] = true;
      }
    }
    return mask;
  }
}
