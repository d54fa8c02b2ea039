package org.crossmodal.fiji;

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
    Fields.file(gd, "Labels (DICOM SEG, label TIFF or folder)", "evaluate.labels", "");
    Fields.directory(gd, "Output folder", "evaluate.output", "evaluation");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "evaluate.model"), images = Fields.nextString(gd, "evaluate.images");
    String labels = Fields.nextString(gd, "evaluate.labels"), out = Fields.nextString(gd, "evaluate.output");
    Jobs.run("Evaluate", () -> {
      Map<String, Object> m = EvaluationJob.run(Path.of(Fields.required(model, "model")),
          Path.of(Fields.required(images, "images")), Path.of(Fields.required(labels, "labels")),
          Path.of(out == null ? "evaluation" : out), 2);
      Map<String, Double> dice = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        if (v instanceof Double d) dice.put(k, d);
      });
      Tables.dice("CrossModal Evaluate", Map.of(Path.of(model).getFileName().toString(), dice));
    });
  }
}
