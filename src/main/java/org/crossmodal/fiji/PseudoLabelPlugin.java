package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.inference.PseudoLabelJob;
import org.crossmodal.config.StudentConfig;

/** Plugins › CrossModal Transfer › Pseudo-label Ultrasound…: confident labels and confidence maps, opened as images. */
public final class PseudoLabelPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Pseudo-label Ultrasound");
    Fields.file(gd, "Model", "pseudo.model", "teacher-run/teacher.model.zip");
    Fields.file(gd, "Ultrasound (DICOM file, folder, zip or TIFF)", "pseudo.input", "");
    Fields.directory(gd, "Output folder", "pseudo.output", "pseudo-labels");
    Fields.number(gd, "Quantile per class", "pseudo.quantile", 0.5, 2);
    Fields.number(gd, "Background quantile", "pseudo.backgroundQuantile", 0.75, 2);
    Fields.number(gd, "Monte-Carlo samples", "pseudo.samples", 2, 0);
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "pseudo.model"), input = Fields.nextString(gd, "pseudo.input");
    String out = Fields.nextString(gd, "pseudo.output");
    double quantile = Fields.nextNumber(gd, "pseudo.quantile");
    double backgroundQuantile = Fields.nextNumber(gd, "pseudo.backgroundQuantile");
    int samples = (int) Fields.nextNumber(gd, "pseudo.samples");
    Jobs.run("Pseudo-label Ultrasound", () -> {
      StudentConfig.PseudoLabels c = new StudentConfig.PseudoLabels();
      c.quantile = quantile;
      c.backgroundQuantile = backgroundQuantile;
      c.monteCarloSamples = samples;
      Path dir = Path.of(out == null ? "pseudo-labels" : out);
      Map<String, Object> doc = PseudoLabelJob.run(Path.of(Fields.required(model, "model")), List.of(Path.of(Fields.required(input, "ultrasound"))),
          dir, c, 2);
      for (Object r : (List<?>) doc.get("results")) {
        Path d = dir.resolve((String) ((Map<?, ?>) r).get("source"));
        for (String f : List.of("pseudo-labels.tif", "confidence.tif")) {
          if (Files.exists(d.resolve(f))) IJ.openImage(d.resolve(f).toString()).show();
        }
      }
      ((List<?>) doc.get("skipped")).forEach(e -> IJ.log("skipped: " + e));
    });
  }
}
