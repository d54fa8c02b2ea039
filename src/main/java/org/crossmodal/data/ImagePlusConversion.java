package org.crossmodal.data;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import org.crossmodal.dicom.ImageSeries;

/**
 * Decoded series as ImageJ images, calibrated in mm when the file gives a pixel size (else in
 * pixels: no scale is invented), and seconds per frame for cine.
 */
public final class ImagePlusConversion {
  private ImagePlusConversion() {}

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
