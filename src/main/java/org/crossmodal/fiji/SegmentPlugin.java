package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import ij.process.ImageProcessor;
import java.awt.TextField;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.crossmodal.data.ImagingAreas;
import org.crossmodal.data.ImageOrigin;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.InputFit;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.dicom.FanDetector;
import org.crossmodal.inference.SegmentJob;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.Suitability;

/**
 * Plugins › CrossModal Transfer › Segment with Model…: the active image (or a file) → a label image
 * titled after the source, with the class names and a legend; per class and frame a ROI in the ROI
 * Manager named by its class; a table of class areas (mm² only with a real calibration, else pixels);
 * the class outlines over the source. An uncalibrated image is segmented over its whole imaging area
 * (or, given its depth, at a real scale), and the Log warns when the image does not fit what the
 * model was trained for.
 */
public final class SegmentPlugin implements PlugIn {
  /** What one segmentation of an open image gave. */
  record Segmented(ImagePlus labels, List<Roi> rois, ResultsTable areas, String fit, List<String> warnings) {}

  @Override
  public void run(String arg) {
    ImagePlus active = WindowManager.getCurrentImage();
    GenericDialog gd = new GenericDialog("Segment with Model");
    Fields.file(gd, "Model", "segment.model", "");
    Fields.file(gd, "Input (empty: the active image" + (active == null ? "; none is open)" : " \"" + active.getTitle() + "\")"),
        "segment.input", "");
    TextField inputField = Fields.lastStringField(gd);
    String input0 = Fields.last("segment.input", "");
    Fields.directoryWithValue(gd, "Output folder (for an input file)", derivedOutput(input0));
    TextField outputField = Fields.lastStringField(gd);
    Fields.follow(inputField, outputField, SegmentPlugin::derivedOutput);
    String modality = active == null ? null : active.getProp(ImageOrigin.MODALITY);
    gd.addCheckbox("Ultrasound (the model's ultrasound statistics; for a file: if it does not say its modality)",
        modality != null ? "US".equals(modality) : Boolean.parseBoolean(Fields.last("segment.ultrasound", "true")));
    gd.addNumericField("Depth of the imaging area (mm; 0: unknown; used only for images without a pixel size)", 0, 0);
    Fields.help(gd, "segment");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "segment.model"), input = Fields.nextString(gd, "segment.input");
    String out = gd.getNextString().trim();
    boolean ultrasound = gd.getNextBoolean();
    double depth = gd.getNextNumber();
    Fields.remember("segment.ultrasound", ultrasound);
    Jobs.withNetwork("Segment with Model", () -> {
      Path m = Path.of(Fields.required(model, "model"));
      if (input != null) {
        Path dir = Fields.absolute(out.isEmpty() ? derivedOutput(input) : out, input);
        for (SegmentJob.Result r : SegmentJob.run(m, List.of(Path.of(input)), dir, 2, depth, ultrasound ? "US" : "MR", IJ::log)) {
          if (r.error() != null) {
            IJ.log("Segment with Model: skipped " + r.error());
            continue;
          }
          ImagePlus labels = IJ.openImage(dir.resolve(r.labels()).toString());
          labels.setTitle(r.source() + "-labels");
          show(new Segmented(labels, LabelResults.rois(labels, LabelImages.classes(labels)),
              LabelResults.areas(labels, LabelImages.classes(labels)), r.fit(), r.warnings()), null);
          IJ.log("Segment with Model: " + dir.resolve(r.labels()));
        }
        return;
      }
      if (active == null) throw new java.io.IOException("no image is open and no input file was given");
      show(segmentActive(active, m, ultrasound, depth, IJ::log), active);
    });
  }

  /** Next to the input: "echo.dcm" → "…/echo-segmentation". */
  static String derivedOutput(String input) {
    return Fields.nextTo(input, Fields.stemOf(input, "-segmentation", "segmentation"));
  }

  /** Shows the label image, the table and the ROIs, and draws the outlines on {@code source} when it is open. */
  static void show(Segmented s, ImagePlus source) {
    s.labels().show();
    s.areas().show(s.labels().getTitle().replaceAll("-labels$", "") + " class areas");
    LabelResults.toRoiManager(s.rois());
    if (source != null) LabelResults.outline(source, s.rois());
  }

  /**
   * Labels for every frame of {@code imp}: over its imaging area (the selection if it is an area,
   * else the ultrasound sector found when it was opened or detected now, else the whole image), at the
   * image's scale when it has one, else fitted whole (or at {@code depthMm} when given).
   */
  static Segmented segmentActive(ImagePlus imp, Path model, boolean ultrasound, double depthMm, Consumer<String> log)
      throws java.io.IOException {
    ImageStack stack = imp.getStack();
    int w = imp.getWidth(), h = imp.getHeight();
    List<float[]> frames = new ArrayList<>();
    for (int i = 1; i <= stack.getSize(); i++) frames.add((float[]) stack.getProcessor(i).convertToFloat().getPixels());
    Calibration cal = imp.getCalibration();
    double mm = cal.scaled() ? ImageSources.millimetres(cal.getUnit()) : 0;
    double pixelMm = SliceGeometry.isotropic(cal.pixelWidth * mm, cal.pixelHeight * mm);
    boolean[] area = area(imp, frames, ultrasound, log);
    boolean fromDepth = pixelMm <= 0 && depthMm > 0;
    if (fromDepth) pixelMm = InputFit.ofDepth(w, h, area, depthMm);
    ImageOrigin origin = ImageOrigin.of(imp);
    try (LoadedModel m = ModelFile.load(model, 2)) {
      InputFit fit = InputFit.of(w, h, pixelMm, area, m.descriptor().geometry());
      String how = (fromDepth ? String.format(Locale.ROOT, "imaging depth %.0f mm given: ", depthMm) : "") + fit.how();
      log.accept("Segment with Model: " + imp.getTitle() + ": " + how);
      List<String> warnings = Suitability.check(m.descriptor(), imp.getTitle(), origin, fit, frames);
      warnings.forEach(x -> log.accept("Segment with Model: warning: " + x));
      // Ultrasound is normalised over each frame's fan within the area, as in training (ImagingAreas).
      List<boolean[]> areas = area == null ? null
          : ultrasound ? ImagingAreas.of(frames.toArray(float[][]::new), w, h, area) : Collections.nCopies(frames.size(), area);
      List<Segmenter.Prediction> p = Segmenter.forModality(m, 16, ultrasound).predictFitted(frames, areas, fit, Segmenter.Options.plain());
      List<byte[]> labels = p.stream().map(Segmenter.Prediction::labels).toList();
      List<String> classes = m.descriptor().classes();
      ImagePlus out = LabelImages.labels(imp.getShortTitle() + "-labels", w, h, labels, 0, 0, classes, origin.source());
      Calibration lc = fromDepth ? LabelImages.calibration(pixelMm, pixelMm) : cal.copy();
      out.setCalibration(lc);
      if (imp.getNFrames() > 1) out.setDimensions(1, 1, labels.size());
      List<Roi> rois = LabelResults.rois(out, classes);
      return new Segmented(out, rois, LabelResults.areas(out, classes), how, warnings);
    }
  }

  /** The imaging area: an area selection, the sector found when the image was opened, a detected fan for ultrasound, or null (all). */
  static boolean[] area(ImagePlus imp, List<float[]> frames, boolean ultrasound, Consumer<String> log) {
    int w = imp.getWidth(), h = imp.getHeight();
    Roi roi = imp.getRoi();
    if (roi != null && roi.isArea()) {
      boolean[] area = new boolean[w * h];
      ImageProcessor mask = roi.getMask();
      java.awt.Rectangle r = roi.getBounds();
      for (int y = Math.max(0, r.y); y < Math.min(h, r.y + r.height); y++) {
        for (int x = Math.max(0, r.x); x < Math.min(w, r.x + r.width); x++) {
          area[y * w + x] = mask == null || mask.get(x - r.x, y - r.y) != 0;
        }
      }
      log.accept("Segment with Model: imaging area: the selection");
      return area;
    }
    if (imp.getProperty(OpenStudiesPlugin.IMAGING_AREA) instanceof boolean[] a && a.length == w * h) return a;
    if (ultrasound && "US".equals(imp.getProp(ImageOrigin.MODALITY))) {
      log.accept("Segment with Model: imaging area: detected (the fan of signal)");
      return FanDetector.detect(frames.toArray(float[][]::new), w, h);
    }
    return null;
  }
}
