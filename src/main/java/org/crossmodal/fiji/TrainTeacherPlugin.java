package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.awt.TextField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.model.ModelFile;
import org.crossmodal.training.TeacherTrainer;

/**
 * Plugins › CrossModal Transfer › Train MRI Teacher…: the CLI's train-teacher, with progress and Esc
 * to stop. Epochs and Seed start from the configuration file (and follow it when another file is
 * chosen), so they override it only when the user changes them; the Log says which value came from
 * where.
 */
public final class TrainTeacherPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    String config0 = Fields.last("teacher.config", "");
    TeacherConfig start = readable(config0);
    GenericDialog gd = new GenericDialog("Train MRI Teacher");
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "teacher.config", "");
    TextField configField = Fields.lastStringField(gd);
    Fields.directoryWithValue(gd, "Output folder", Fields.output("teacher.output", Fields.nextTo(config0, "teacher-run")));
    TextField outputField = Fields.lastStringField(gd);
    gd.addNumericField("Epochs", start.training.epochs, 0);
    TextField epochsField = Fields.lastNumericField(gd);
    gd.addNumericField("Seed", start.training.seed, 0);
    TextField seedField = Fields.lastNumericField(gd);
    gd.addMessage("Epochs and Seed come from the configuration; change them here to override it for this run.");
    Fields.help(gd, "train-teacher");
    if (configField != null) {
      configField.addTextListener(e -> {
        TeacherConfig c = readable(configField.getText().trim());
        epochsField.setText(String.valueOf(c.training.epochs));
        seedField.setText(String.valueOf(c.training.seed));
      });
      Fields.follow(configField, outputField, v -> Fields.nextTo(v, "teacher-run"));
    }
    boolean macroEpochs = Fields.macroGives("epochs"), macroSeed = Fields.macroGives("seed");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String config = Fields.nextString(gd, "teacher.config");
    String out = Fields.nextString(gd, "teacher.output");
    int dialogEpochs = (int) gd.getNextNumber();
    long dialogSeed = (long) gd.getNextNumber();
    Jobs.training("Train MRI Teacher", () -> {
      Path file = config == null ? null : Path.of(config);
      TeacherConfig c = (file == null ? new TransferConfig() : TransferConfig.read(file)).teacher;
      // A macro that leaves a field out means "as the configuration says".
      int epochs = macroEpochs ? dialogEpochs : c.training.epochs;
      long seed = macroSeed ? dialogSeed : c.training.seed;
      IJ.log("Train MRI Teacher: settings: " + Settings.origin("epochs", epochs, c.training.epochs, file,
          file != null && Settings.sets(file, "teacher.training.epochs")) + ", " + Settings.origin("seed", seed, c.training.seed, file,
          file != null && Settings.sets(file, "teacher.training.seed")) + "; " + Settings.fileSummary(file, "teacher."));
      c.training.epochs = epochs;
      c.training.seed = seed;
      Path dir = Fields.absolute(out == null ? Fields.nextTo(config, "teacher-run") : out, config);
      IJ.log("Train MRI Teacher: output " + dir);
      Path model = TeacherTrainer.train(c, dir, new FijiProgress("teacher"));
      @SuppressWarnings("unchecked")
      Map<String, Double> dice = (Map<String, Double>) ModelFile.readDescriptor(model).metrics().get("testDice");
      Tables.dice("Teacher test Dice (MRI)", Map.of("teacher", dice));
      IJ.log("Train MRI Teacher: model " + model + "; test Dice on held-out MRI slices " + FijiProgress.dice(dice));
    });
  }

  /** The teacher section of a configuration file, or the defaults when there is none or it cannot be read (yet). */
  static TeacherConfig readable(String file) {
    try {
      if (file != null && !file.isBlank() && Files.isRegularFile(Path.of(file))) return TransferConfig.read(Path.of(file)).teacher;
    } catch (Exception e) {
      // Half-typed or broken: the defaults until it reads; the run itself reports the file's error.
    }
    return new TeacherConfig();
  }
}
