package org.crossmodal.fiji;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.LabelImages;

/**
 * A label image as results a researcher reads: one ROI per class and frame named by its class (for
 * the ROI Manager), a per-class area table in the image's units (mm² with a real calibration, else
 * pixels), and the class outlines over the source image, drawn with a dark halo so they show on
 * grey and on colour images alike.
 */
final class LabelResults {
  /** Overlay elements of ours carry this name prefix, so a new segmentation replaces them and leaves the user's alone. */
  static final String PREFIX = "CrossModal ";

  private LabelResults() {}

  /** Per foreground class and frame: the ROI of its pixels, named "brain" (one frame) or "brain, frame 3". */
  static List<Roi> rois(ImagePlus labels, List<String> classes) {
    List<Roi> out = new ArrayList<>();
    int frames = labels.getStackSize();
    for (int f = 1; f <= frames; f++) {
      for (int c = 1; c < classes.size(); c++) {
        ByteProcessor bp = (ByteProcessor) labels.getStack().getProcessor(f).duplicate();
        bp.setThreshold(c, c, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = ThresholdToSelection.run(new ImagePlus("", bp));
        if (roi == null) continue;
        roi.setName(classes.get(c).replace('_', ' ') + (frames > 1 ? ", frame " + f : ""));
        roi.setStrokeColor(new Color(LabelImages.colour(c)));
        if (frames > 1) roi.setPosition(f);
        out.add(roi);
      }
    }
    return out;
  }

  /** Area per foreground class and frame, in mm² when the label image has a real calibration, else in pixels. */
  static ResultsTable areas(ImagePlus labels, List<String> classes) {
    Calibration cal = labels.getCalibration();
    double mm = cal.scaled() ? ImageSources.millimetres(cal.getUnit()) : 0;
    double pixelArea = mm > 0 ? cal.pixelWidth * mm * cal.pixelHeight * mm : 0;
    ResultsTable rt = new ResultsTable();
    rt.showRowNumbers(false);
    int frames = labels.getStackSize();
    for (int f = 1; f <= frames; f++) {
      long[] counts = new long[classes.size()];
      byte[] px = (byte[]) labels.getStack().getProcessor(f).getPixels();
      for (byte b : px) if ((b & 0xff) < counts.length) counts[b & 0xff]++;
      for (int c = 1; c < classes.size(); c++) {
        rt.incrementCounter();
        rt.addValue("image", labels.getTitle());
        rt.addValue("frame", f);
        rt.addValue("class", classes.get(c).replace('_', ' '));
        rt.addValue("pixels", counts[c]);
        if (pixelArea > 0) rt.addValue("area (mm²)", ResultsTable.d2s(counts[c] * pixelArea, 2));
        else rt.addValue("area", "uncalibrated: pixels only");
      }
    }
    return rt;
  }

  /** Replaces our earlier outlines in {@code source}'s overlay: each class's outline over a dark halo. */
  static void outline(ImagePlus source, List<Roi> rois) {
    Overlay o = source.getOverlay() == null ? new Overlay() : source.getOverlay();
    for (Roi r : o.toArray()) if (r.getName() != null && r.getName().startsWith(PREFIX)) o.remove(r);
    double width = Math.max(1.5, Math.min(source.getWidth(), source.getHeight()) / 250.0);
    for (Roi roi : rois) {
      Roi halo = (Roi) roi.clone();
      halo.setStroke(new BasicStroke((float) (width * 2.5)));
      halo.setStrokeColor(new Color(0, 0, 0, 200));
      halo.setName(PREFIX + "halo " + roi.getName());
      Roi line = (Roi) roi.clone();
      line.setStroke(new BasicStroke((float) width));
      line.setName(PREFIX + roi.getName());
      o.add(halo);
      o.add(line);
    }
    source.setOverlay(o);
  }

  /**
   * Adds the ROIs to the ROI Manager (ImageJ's, or its hidden one in batch mode); headless ImageJ
   * has no ROI Manager at all, and there this returns null.
   */
  static RoiManager toRoiManager(List<Roi> rois) {
    if (java.awt.GraphicsEnvironment.isHeadless()) return null;
    RoiManager rm = RoiManager.getRoiManager();
    for (Roi r : rois) rm.addRoi((Roi) r.clone());
    return rm;
  }
}
