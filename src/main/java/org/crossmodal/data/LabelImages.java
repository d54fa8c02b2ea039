package org.crossmodal.data;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.AtomicFiles;

/**
 * Segmentation results as ImageJ files: an 8-bit label stack with a class lookup table, and a
 * 32-bit probability hyperstack (one channel per class). Both calibrated like their source.
 */
public final class LabelImages {
  /** Class colours (index = class): black background, then distinct hues. */
  private static final int[] COLOURS = {0x000000, 0x3cb44b, 0xe6194b, 0x4363d8, 0xffe119, 0xf58231, 0x911eb4, 0x46f0f0};

  private LabelImages() {}

  public static ImagePlus labels(String title, int w, int h, List<byte[]> frames, double pw, double ph) {
    ImageStack s = new ImageStack(w, h);
    for (byte[] f : frames) s.addSlice(new ByteProcessor(w, h, f.clone()));
    ImagePlus imp = new ImagePlus(title, s);
    imp.setLut(lut());
    imp.setDisplayRange(0, 255);
    imp.setCalibration(calibration(pw, ph));
    return imp;
  }

  public static ImagePlus probabilities(String title, int w, int h, List<float[][]> frames, List<String> classes, double pw, double ph) {
    ImageStack s = new ImageStack(w, h);
    for (float[][] f : frames) {
      for (int c = 0; c < classes.size(); c++) s.addSlice(classes.get(c), new FloatProcessor(w, h, f[c].clone()));
    }
    ImagePlus imp = IJ.createHyperStack(title, w, h, classes.size(), 1, frames.size(), 32);
    imp.setStack(s, classes.size(), 1, frames.size());
    imp.setCalibration(calibration(pw, ph));
    imp.setDisplayRange(0, 1);
    return imp;
  }

  public static void save(ImagePlus imp, Path file) throws IOException {
    AtomicFiles.writeVia(file, tmp -> {
      if (!new FileSaver(imp).saveAsTiff(tmp.toString())) throw new IOException("ImageJ could not write " + file);
    });
  }

  /** The display colour (0xRRGGBB) of a class index, as in the label images' lookup table. */
  public static int colour(int label) {
    return label >= 0 && label < COLOURS.length ? COLOURS[label] : 0xffffff;
  }

  static LUT lut() {
    byte[] r = new byte[256], g = new byte[256], b = new byte[256];
    for (int i = 0; i < 256; i++) {
      int c = colour(i);
      r[i] = (byte) (c >> 16);
      g[i] = (byte) (c >> 8);
      b[i] = (byte) c;
    }
    return new LUT(r, g, b);
  }

  private static Calibration calibration(double pw, double ph) {
    Calibration cal = new Calibration();
    cal.setUnit("mm");
    cal.pixelWidth = pw;
    cal.pixelHeight = ph;
    return cal;
  }
}
