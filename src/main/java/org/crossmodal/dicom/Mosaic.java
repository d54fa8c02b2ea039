package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.TagFromName;

/**
 * Siemens mosaic images: several slices tiled into one frame, marked by MOSAIC in Image Type and
 * the private NumberOfImagesInMosaic (0019,xx0A) of the "SIEMENS MR HEADER" block. Tiles fill a
 * square grid of ceil(sqrt(n)) columns, row by row.
 */
public final class Mosaic {
  private static final String CREATOR = "SIEMENS MR HEADER";

  private Mosaic() {}

  /** Number of slices tiled in the frame, or 0 when the instance is not a mosaic. */
  static int imagesInMosaic(AttributeList l) {
    String[] type = Attribute.getStringValues(l, TagFromName.ImageType);
    boolean marked = false;
    if (type != null) for (String t : type) marked |= "MOSAIC".equalsIgnoreCase(t.strip());
    if (!marked) return 0;
    for (int block = 0x10; block <= 0xff; block++) {
      String creator = Attribute.getSingleStringValueOrEmptyString(l, new AttributeTag(0x0019, block));
      if (CREATOR.equals(creator.strip())) {
        return Attribute.getSingleIntegerValueOrDefault(l, new AttributeTag(0x0019, block << 8 | 0x0a), 0);
      }
    }
    return 0;
  }

  /** Tiles per row and column of the mosaic grid. */
  public static int gridSize(int images) {
    return (int) Math.ceil(Math.sqrt(images));
  }

  /** Splits one mosaic frame (width x height) into its {@code images} tiles. */
  public static float[][] split(float[] frame, int width, int height, int images) {
    int grid = gridSize(images);
    int tw = width / grid, th = height / grid;
    float[][] out = new float[images][tw * th];
    for (int k = 0; k < images; k++) {
      int ox = (k % grid) * tw, oy = (k / grid) * th;
      for (int y = 0; y < th; y++) System.arraycopy(frame, (oy + y) * width + ox, out[k], y * tw, tw);
    }
    return out;
  }
}
