package org.crossmodal.data;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.TextRoi;
import java.awt.Color;
import java.awt.Font;
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
 * 32-bit probability hyperstack (one channel per class). Both calibrated like their source, in mm
 * only when the source has a real pixel size (else in pixels). Given the class names, a label image
 * carries them (image property {@value #CLASSES}, comma-separated, background first) and shows them
 * as a legend in the class colours (an overlay, kept in the TIFF); {@value #SOURCE} names the image
 * it was computed from.
 */
public final class LabelImages {
  /** Class colours (index = class): black background, then distinct hues. */
  private static final int[] COLOURS = {0x000000, 0x3cb44b, 0xe6194b, 0x4363d8, 0xffe119, 0xf58231, 0x911eb4, 0x46f0f0};

  /** Image properties of a label image: its class names, and the file or folder of its source image. */
  public static final String CLASSES = "CrossModal.classes", SOURCE = ImageOrigin.SOURCE;

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

  /** A label image that names its classes (property and legend) and its source ({@code source} may be null). */
  public static ImagePlus labels(String title, int w, int h, List<byte[]> frames, double pw, double ph, List<String> classes,
      Path source) {
    ImagePlus imp = labels(title, w, h, frames, pw, ph);
    name(imp, classes, source);
    return imp;
  }

  /** Gives a label image its class names (property and a legend overlay) and its source. */
  public static void name(ImagePlus imp, List<String> classes, Path source) {
    imp.setProp(CLASSES, String.join(",", classes));
    if (source != null) imp.setProp(SOURCE, source.toAbsolutePath().toString());
    imp.setOverlay(legend(classes, imp.getWidth()));
  }

  /** The class names of a label image, or null when it has none. */
  public static List<String> classes(ImagePlus imp) {
    String v = imp.getProp(CLASSES);
    return v == null || v.isBlank() ? null : List.of(v.split(","));
  }

  /** The class names in their colours, one line each, at the top left; scaled to the image's width. */
  public static Overlay legend(List<String> classes, int width) {
    Overlay o = new Overlay();
    int size = Math.max(9, Math.min(18, width / 30)), y = 2;
    Font font = new Font(Font.SANS_SERIF, Font.BOLD, size);
    for (int c = 1; c < classes.size(); c++) {
      TextRoi t = new TextRoi(2, y, c + " " + classes.get(c).replace('_', ' '), font);
      t.setStrokeColor(new Color(colour(c)));
      t.setFillColor(new Color(0, 0, 0, 160));
      t.setName("legend " + classes.get(c));
      o.add(t);
      y += size + 4;
    }
    return o;
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

  /** In mm when both pixel sizes are known; else ImageJ's uncalibrated pixels. */
  public static Calibration calibration(double pw, double ph) {
    Calibration cal = new Calibration();
    if (!(pw > 0 && ph > 0)) return cal;
    cal.setUnit("mm");
    cal.pixelWidth = pw;
    cal.pixelHeight = ph;
    return cal;
  }
}
