package org.crossmodal.data;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import java.io.IOException;
import java.nio.file.Path;
import org.crossmodal.dicom.SegmentationReader;

/** Reads class-index volumes from NIfTI, ImageJ label images (TIFF) and DICOM Segmentation objects. */
public final class LabelMaps {
  private LabelMaps() {}

  public static Volume read(Path file) throws IOException {
    return readOriented(file).volume();
  }

  /** The class map with its patient grid: NIfTI files have one; TIFF stacks and DICOM SEG frames are read without. */
  public static OrientedVolume readOriented(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    if (name.endsWith(".nii") || name.endsWith(".nii.gz")) return NiftiReader.readOriented(file);
    return new OrientedVolume(readGridless(file), null, file.toString());
  }

  private static Volume readGridless(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase();
    if (name.endsWith(".tif") || name.endsWith(".tiff")) return tiff(file);
    if (name.endsWith(".dcm")) return segmentation(file);
    throw new IOException(file + ": unknown label format (expected .nii, .nii.gz, .tif or a DICOM SEG .dcm)");
  }

  /**
   * A DICOM SEG on the voxels of the series it was drawn on, each frame on the slice its source image
   * reference names; null when its frames name no source image (then it is read in frame order).
   */
  public static Volume segmentationOn(Path seg, DicomVolume.Loaded series) throws IOException {
    Volume image = series.volume().volume();
    float[] v = SegmentationReader.onSources(seg, series.sliceInstances(), image.nx(), image.ny());
    if (v == null) return null;
    return new Volume(image.nx(), image.ny(), image.nz(), image.sx(), image.sy(), image.sz(), v);
  }

  private static Volume segmentation(Path file) throws IOException {
    SegmentationReader.Frames f = SegmentationReader.read(file);
    return new Volume(f.columns(), f.rows(), f.frames(), f.pixelWidthMm(), f.pixelHeightMm(), 1, f.segments());
  }

  private static Volume tiff(Path file) throws IOException {
    ImagePlus imp = IJ.openImage(file.toString());
    if (imp == null) throw new IOException(file + ": ImageJ cannot open it as an image");
    if (imp.getBitDepth() == 24) throw new IOException(file + ": a label image must be 8-, 16- or 32-bit grey, not RGB");
    ImageStack s = imp.getStack();
    int w = s.getWidth(), h = s.getHeight(), n = s.getSize();
    float[] v = new float[w * h * n];
    for (int z = 0; z < n; z++) {
      var ip = s.getProcessor(z + 1);
      for (int i = 0; i < w * h; i++) v[z * w * h + i] = ip.getf(i);
    }
    var cal = imp.getCalibration();
    return new Volume(w, h, n, cal.pixelWidth, cal.pixelHeight, cal.pixelDepth, v);
  }
}
