package org.crossmodal.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Axial slices of a labelled volume as network inputs: rows flipped so anterior is up (NIfTI y
 * grows anterior), padded to a square, resized, normalised over the head. Only slices with at least
 * {@code minForeground} labelled pixels are kept.
 */
public final class AxialSlices {
  private AxialSlices() {}

  public static List<LabelledSlice> extract(Volume image, Volume classes, int size, double minForeground) {
    if (!image.sameGrid(classes)) throw new IllegalArgumentException("image and label volumes are on different grids");
    List<LabelledSlice> out = new ArrayList<>();
    int w = image.nx(), h = image.ny();
    for (int z = 0; z < image.nz(); z++) {
      float[] img = flipRows(image.axial(z), w, h);
      float[] lab = flipRows(classes.axial(z), w, h);
      byte[] labels = new byte[lab.length];
      int fg = 0;
      for (int i = 0; i < lab.length; i++) {
        labels[i] = (byte) lab[i];
        if (lab[i] > 0) fg++;
      }
      if (fg < minForeground * lab.length) continue;
      int side = Math.max(w, h);
      boolean[] head = SliceGeometry.maskToField(SliceGeometry.headRegion(img, w, h), w, h, side, size);
      out.add(new LabelledSlice(z, size, SliceGeometry.normalise(SliceGeometry.toSquare(img, w, h, size), head),
          SliceGeometry.labelsToSquare(labels, w, h, size), head));
    }
    return out;
  }

  /** The axial slice z of a volume as a display-oriented image (anterior up), unresized. */
  public static float[] displaySlice(Volume v, int z) {
    return flipRows(v.axial(z), v.nx(), v.ny());
  }

  static float[] flipRows(float[] img, int w, int h) {
    float[] out = new float[img.length];
    for (int y = 0; y < h; y++) System.arraycopy(img, y * w, out, (h - 1 - y) * w, w);
    return out;
  }
}
