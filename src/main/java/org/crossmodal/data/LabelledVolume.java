package org.crossmodal.data;

import java.io.IOException;

/**
 * A labelled MRI volume held in memory rather than named in a configuration file: an image open in
 * Fiji, or one a script built. {@code image} and {@code labels} carry their names (an image title)
 * in {@link OrientedVolume#source()}; these names and a hash of each one's voxels are what a model
 * file records of them. The labels hold class indices (value i is the recipe's class i) on the
 * image's voxels, or, when both have a patient grid, anywhere on the same region and voxel size.
 * An image without a patient grid is taken as an axial stack as ImageJ shows it (see
 * {@link #displayGrid}).
 */
public record LabelledVolume(OrientedVolume image, OrientedVolume labels) {

  public LabelledVolume {
    if (image == null || labels == null) throw new IllegalArgumentException("a labelled volume needs an image and labels");
  }

  /** {@code image} named {@code imageName} and its class map {@code labels} named {@code labelsName}, voxel for voxel, without patient geometry. */
  public static LabelledVolume of(String imageName, Volume image, String labelsName, Volume labels) {
    return new LabelledVolume(new OrientedVolume(image, null, imageName), new OrientedVolume(labels, null, labelsName));
  }

  /** The image's name (an image title). */
  public String name() {
    return image.source();
  }

  /**
   * The grid taken for a volume without patient geometry: an axial stack as ImageJ shows it, columns
   * running to the patient's right, rows from anterior (top) to posterior, slices from inferior to
   * superior, at the volume's voxel size. Cut axially, its slices look as they do on screen.
   */
  public static PatientGrid displayGrid(Volume v) {
    return PatientGrid.of(new double[][] {{v.sx(), 0, 0}, {0, -v.sy(), 0}, {0, 0, v.sz()}}, new double[] {0, 0, 0});
  }

  /**
   * Refuses labels that cannot lie on the image voxel for voxel (neither has a patient grid to match
   * them by): a message naming both and their sizes.
   */
  public void checkSize() throws IOException {
    Volume i = image.volume(), l = labels.volume();
    if ((image.grid() == null || labels.grid() == null) && !i.sameGrid(l)) {
      throw new IOException("the labels \"" + labels.source() + "\" (" + size(l) + " voxels) do not match the image \"" + image.source()
          + "\" (" + size(i) + "): a label image must have the image's width, height and number of slices (draw it on the image, "
          + "e.g. with Labkit)");
    }
  }

  static String size(Volume v) {
    return v.nx() + " x " + v.ny() + " x " + v.nz();
  }
}
