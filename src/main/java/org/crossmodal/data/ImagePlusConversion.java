package org.crossmodal.data;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.io.IOException;
import org.crossmodal.dicom.FanDetector;
import org.crossmodal.dicom.ImageSeries;

/**
 * Decoded series as ImageJ images, calibrated in mm when the file gives a pixel size (else in
 * pixels: no scale is invented), and seconds per frame for cine; and back: open ImageJ images as the
 * volumes, label maps and image sources the API takes (no dialogs here, so scripts use it as the
 * plugins do).
 */
public final class ImagePlusConversion {
  /** The imaging area of an ultrasound image (a boolean[] per pixel), kept with the image while it is open. */
  public static final String IMAGING_AREA = "CrossModal.imagingArea";
  /**
   * The patient grid of a volume opened from DICOM: "nx ny nz" and the 12 numbers of
   * {@link PatientGrid#matrix()}, space-separated; ignored once the image has another size.
   */
  public static final String PATIENT_GRID = "CrossModal.patientGrid";

  private ImagePlusConversion() {}

  /** Records {@code grid} (the voxels' place in the patient) with {@code imp}, for {@link #volume}. */
  public static void attachGrid(ImagePlus imp, PatientGrid grid) {
    StringBuilder b = new StringBuilder(imp.getWidth() + " " + imp.getHeight() + " " + imp.getStackSize());
    for (double m : grid.matrix()) b.append(' ').append(m);
    imp.setProp(PATIENT_GRID, b.toString());
  }

  /** The patient grid recorded with {@code imp}, or null when there is none or the image no longer has the size it was recorded for. */
  public static PatientGrid grid(ImagePlus imp) {
    String p = imp.getProp(PATIENT_GRID);
    if (p == null || p.isBlank()) return null;
    try {
      String[] f = p.trim().split("\\s+");
      if (f.length != 15 || Integer.parseInt(f[0]) != imp.getWidth() || Integer.parseInt(f[1]) != imp.getHeight()
          || Integer.parseInt(f[2]) != imp.getStackSize()) {
        return null;
      }
      double[] m = new double[12];
      for (int i = 0; i < 12; i++) m[i] = Double.parseDouble(f[i + 3]);
      return new PatientGrid(m);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * An open MR stack as a volume named after its title: every slice of its stack (one channel), grey
   * values as the image holds them (through its calibration function when it has one; colour as
   * luminance), voxel size from its calibration, and its patient grid when Open DICOM Studies
   * recorded one. An image without a pixel size is refused: the teacher records its field of view
   * in mm, and none is invented.
   */
  public static OrientedVolume volume(ImagePlus imp) throws IOException {
    if (imp.getNChannels() > 1) {
      throw new IOException("\"" + imp.getTitle() + "\" has " + imp.getNChannels() + " channels; an MR stack must have one (Image > Color > Split Channels)");
    }
    Calibration cal = imp.getCalibration();
    double mm = cal.scaled() ? ImageSources.millimetres(cal.getUnit()) : 0;
    PatientGrid grid = grid(imp);
    if (grid == null && !(mm > 0)) {
      throw new IOException("\"" + imp.getTitle() + "\" has no pixel size (its unit is " + cal.getUnit() + "): set one with Image > Properties; "
          + "the teacher records its field of view in mm, and none is invented");
    }
    int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
    float[] v = new float[w * h * n];
    ImageStack stack = imp.getStack();
    for (int z = 0; z < n; z++) System.arraycopy(grey(stack.getProcessor(z + 1), cal), 0, v, z * w * h, w * h);
    Volume volume = grid != null
        ? new Volume(w, h, n, grid.spacing(0), grid.spacing(1), grid.spacing(2), v)
        : new Volume(w, h, n, cal.pixelWidth * mm, cal.pixelHeight * mm, (cal.pixelDepth > 0 ? cal.pixelDepth : cal.pixelWidth) * mm, v);
    return new OrientedVolume(volume, grid, imp.getTitle());
  }

  /**
   * An open label image (8-, 16- or 32-bit class indices, e.g. drawn with Labkit) as a class map
   * named after its title, without patient geometry: it is taken voxel for voxel on its image.
   */
  public static OrientedVolume labels(ImagePlus imp) throws IOException {
    if (imp.getBitDepth() == 24) throw new IOException("\"" + imp.getTitle() + "\" is an RGB image; a label image must be 8-, 16- or 32-bit class indices");
    if (imp.getNChannels() > 1) throw new IOException("\"" + imp.getTitle() + "\" has " + imp.getNChannels() + " channels; a label image has one");
    int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
    float[] v = new float[w * h * n];
    ImageStack stack = imp.getStack();
    for (int z = 0; z < n; z++) {
      ImageProcessor ip = stack.getProcessor(z + 1);
      for (int i = 0; i < w * h; i++) v[z * w * h + i] = ip.getf(i);
    }
    Calibration cal = imp.getCalibration();
    return new OrientedVolume(new Volume(w, h, n, cal.pixelWidth, cal.pixelHeight, cal.pixelDepth, v), null, imp.getTitle());
  }

  /**
   * An open ultrasound image (one frame or a cine stack) as the image source its file gives: grey
   * values (colour as luminance, as DICOM decoding gives them), the pixel size in mm when the image
   * has a length calibration (else 0: uncalibrated), the imaging area recorded when it was opened
   * (else, for an image that says it is US, the fan of signal detected as for a file; else none),
   * and its origin. Named after its title without a file extension.
   */
  public static ImageSource source(ImagePlus imp) {
    int w = imp.getWidth(), h = imp.getHeight(), n = imp.getStackSize();
    Calibration cal = imp.getCalibration();
    float[][] frames = new float[n][];
    for (int i = 0; i < n; i++) frames[i] = grey(imp.getStack().getProcessor(i + 1), cal);
    double mm = cal.scaled() ? ImageSources.millimetres(cal.getUnit()) : 0;
    ImageOrigin origin = ImageOrigin.of(imp);
    boolean[] mask = imp.getProperty(IMAGING_AREA) instanceof boolean[] a && a.length == w * h ? a.clone()
        : "US".equals(origin.modality()) ? FanDetector.detect(frames, w, h) : null;
    if (mask != null && imp.getBitDepth() == 24) {
      // As for files: colour-flow pixels are no tissue echo for the models.
      int[][] rgb = new int[n][];
      for (int i = 0; i < n; i++) rgb[i] = (int[]) imp.getStack().getProcessor(i + 1).getPixels();
      mask = ColourFlow.excluded(mask, rgb);
    }
    String name = imp.getTitle().replaceAll("(?i)\\.(nii\\.gz|nii|tiff?|dcm|dicom|png|jpe?g|gif|bmp|zip)$", "");
    return new ImageSource(name.isBlank() ? "image" : name, w, h, frames, cal.pixelWidth * mm, cal.pixelHeight * mm, mask, origin);
  }

  /** Grey values of one slice: RGB as luminance (0.299 R + 0.587 G + 0.114 B), else the values through the calibration function if any. */
  static float[] grey(ImageProcessor ip, Calibration cal) {
    int size = ip.getWidth() * ip.getHeight();
    float[] out = new float[size];
    if (ip instanceof ColorProcessor cp) {
      int[] rgb = (int[]) cp.getPixels();
      for (int i = 0; i < size; i++) {
        int p = rgb[i];
        out[i] = 0.299f * (p >> 16 & 0xff) + 0.587f * (p >> 8 & 0xff) + 0.114f * (p & 0xff);
      }
      return out;
    }
    boolean function = cal.calibrated() && !(ip instanceof FloatProcessor);
    for (int i = 0; i < size; i++) out[i] = function ? (float) cal.getCValue(ip.getf(i)) : ip.getf(i);
    return out;
  }

  /** The grey channel as a 32-bit float stack: what the models see and what export writes. */
  public static ImagePlus grey(ImageSeries s, String title) {
    ImageStack stack = new ImageStack(s.width(), s.height());
    for (int f = 0; f < s.frameCount(); f++) {
      stack.addSlice(label(s, f), new FloatProcessor(s.width(), s.height(), s.grey()[f]));
    }
    ImagePlus imp = new ImagePlus(title, stack);
    calibrate(imp, s);
    imp.resetDisplayRange();
    return imp;
  }

  /** Colour frames (e.g. Doppler) as an RGB stack, for display; null for grey series. */
  public static ImagePlus colour(ImageSeries s, String title) {
    if (!s.isColour()) return null;
    ImageStack stack = new ImageStack(s.width(), s.height());
    for (int f = 0; f < s.frameCount(); f++) {
      stack.addSlice(label(s, f), new ColorProcessor(s.width(), s.height(), s.rgb()[f].clone()));
    }
    ImagePlus imp = new ImagePlus(title, stack);
    calibrate(imp, s);
    return imp;
  }

  private static String label(ImageSeries s, int f) {
    return (s.isCine() ? "frame " : "slice ") + (f + 1);
  }

  private static void calibrate(ImagePlus imp, ImageSeries s) {
    Calibration cal = new Calibration();
    if (s.isCalibrated()) {
      cal.setUnit("mm");
      cal.pixelWidth = s.pixelWidthMm();
      cal.pixelHeight = s.pixelHeightMm();
      cal.pixelDepth = s.sliceSpacingMm();
    }
    if (s.isCine()) {
      cal.frameInterval = s.frameTimeMs() / 1000.0;
      cal.setTimeUnit("s");
      imp.setDimensions(1, 1, s.frameCount());
    }
    imp.setCalibration(cal);
  }
}
