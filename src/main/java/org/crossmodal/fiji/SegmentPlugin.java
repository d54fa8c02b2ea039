package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;
import java.awt.Color;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.LabelImages;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.inference.SegmentJob;

/**
 * Plugins › CrossModal Transfer › Segment with Model…: the active image (or a file), labels as a
 * label image with the class lookup table, and class outlines as an overlay on the source stack.
 */
public final class SegmentPlugin implements PlugIn {
  private static final Color[] COLOURS = {Color.GREEN, Color.RED, Color.BLUE, Color.YELLOW, Color.ORANGE, Color.MAGENTA};

  @Override
  public void run(String arg) {
    ImagePlus active = WindowManager.getCurrentImage();
    GenericDialog gd = new GenericDialog("Segment with Model");
    Fields.file(gd, "Model", "segment.model", "");
    Fields.file(gd, "Input (empty: the active image)", "segment.input", "");
    Fields.directory(gd, "Output folder (for a file input)", "segment.output", "segmentation");
    gd.addCheckbox("Ultrasound (use the model's ultrasound statistics)", Boolean.parseBoolean(Fields.last("segment.ultrasound", "true")));
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "segment.model"), input = Fields.nextString(gd, "segment.input");
    String out = Fields.nextString(gd, "segment.output");
    boolean ultrasound = gd.getNextBoolean();
    Fields.remember("segment.ultrasound", ultrasound);
    Jobs.run("Segment with Model", () -> {
      Path m = Path.of(Fields.required(model, "model"));
      if (input != null) {
        for (SegmentJob.Result r : SegmentJob.run(m, List.of(Path.of(input)), Path.of(out == null ? "segmentation" : out), 2, IJ::log)) {
          if (r.error() != null) IJ.log("skipped: " + r.error());
          else IJ.openImage(Path.of(out == null ? "segmentation" : out).resolve(r.labels()).toString()).show();
        }
        return;
      }
      if (active == null) throw new java.io.IOException("no image is open and no input file was given");
      segmentActive(active, m, ultrasound).show();
    });
  }

  /** Labels for every slice of {@code imp}; outlines are added to {@code imp}'s overlay. */
  static ImagePlus segmentActive(ImagePlus imp, Path model, boolean ultrasound) throws java.io.IOException {
    ImageStack stack = imp.getStack();
    List<float[]> frames = new ArrayList<>();
    for (int i = 1; i <= stack.getSize(); i++) frames.add((float[]) stack.getProcessor(i).convertToFloat().getPixels());
    var cal = imp.getCalibration();
    boolean mm = "mm".equals(cal.getUnit()) && Math.abs(cal.pixelWidth - cal.pixelHeight) < 1e-6 * cal.pixelWidth;
    try (LoadedModel m = ModelFile.load(model, 2)) {
      List<Segmenter.Prediction> p = Segmenter.forModality(m, 16, ultrasound)
          .predictAll(frames, imp.getWidth(), imp.getHeight(), mm ? cal.pixelWidth : 0, Segmenter.Options.plain());
      List<byte[]> labels = p.stream().map(Segmenter.Prediction::labels).toList();
      imp.setOverlay(outlines(labels, imp.getWidth(), imp.getHeight(), m.descriptor().classes().size()));
      return LabelImages.labels(imp.getShortTitle() + "-labels", imp.getWidth(), imp.getHeight(), labels, cal.pixelWidth,
          cal.pixelHeight);
    }
  }

  static Overlay outlines(List<byte[]> labels, int w, int h, int classes) {
    Overlay o = new Overlay();
    for (int f = 0; f < labels.size(); f++) {
      for (int c = 1; c < classes; c++) {
        ByteProcessor bp = new ByteProcessor(w, h, labels.get(f).clone());
        bp.setThreshold(c, c, ImageProcessor.NO_LUT_UPDATE);
        Roi roi = ThresholdToSelection.run(new ImagePlus("", bp));
        if (roi == null) continue;
        roi.setStrokeColor(COLOURS[(c - 1) % COLOURS.length]);
        roi.setPosition(f + 1);
        roi.setName("class " + c + " frame " + (f + 1));
        o.add(roi);
      }
    }
    return o;
  }
}
