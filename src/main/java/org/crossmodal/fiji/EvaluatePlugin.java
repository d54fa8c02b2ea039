package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossmodal.evaluation.EvaluationJob;

/** Plugins › CrossModal Transfer › Evaluate…: Dice of a model on labelled ultrasound, as a results table and metrics.json. */
public final class EvaluatePlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Evaluate");
    Fields.file(gd, "Model", "evaluate.model", "");
    Fields.file(gd, "Images (DICOM US or TIFF)", "evaluate.images", "");
    java.awt.TextField imagesField = Fields.lastStringField(gd);
    Fields.file(gd, "Labels (DICOM SEG, label TIFF or folder)", "evaluate.labels", "");
    Fields.directoryWithValue(gd, "Output folder", Fields.output("evaluate.output", derivedOutput(Fields.last("evaluate.images", ""))));
    Fields.follow(imagesField, Fields.lastStringField(gd), EvaluatePlugin::derivedOutput);
    Fields.help(gd, "evaluate");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "evaluate.model"), images = Fields.nextString(gd, "evaluate.images");
    String labels = Fields.nextString(gd, "evaluate.labels"), out = Fields.nextString(gd, "evaluate.output");
    Jobs.withNetwork("Evaluate", () -> {
      String in = Fields.required(images, "images");
      Path dir = Fields.absolute(out == null ? derivedOutput(in) : out, in);
      Map<String, Object> m = EvaluationJob.run(Path.of(Fields.required(model, "model")), Path.of(in),
          Path.of(Fields.required(labels, "labels")), dir, 2);
      Map<String, Double> dice = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v instanceof Double d) dice.put(k, d);
      });
      Tables.dice("CrossModal Evaluate", Map.of(Path.of(model).getFileName().toString(), dice));
      IJ.log("Evaluate: Dice " + FijiProgress.dice(dice) + "; metrics.json in " + dir);
    });
  }

  /** Next to the images: "echo.dcm" → "…/echo-evaluation". */
  static String derivedOutput(String images) {
    return Fields.nextTo(images, Fields.stemOf(images, "-evaluation", "evaluation"));
  }
}
