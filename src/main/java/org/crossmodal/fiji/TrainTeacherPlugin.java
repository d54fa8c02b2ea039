package org.crossmodal.fiji;

import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.Map;
import org.crossmodal.model.ModelFile;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.training.TeacherTrainer;

/** Plugins › CrossModal Transfer › Train MRI Teacher…: the CLI's train-teacher, with progress and Esc to stop. */
public final class TrainTeacherPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Train MRI Teacher");
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "teacher.config", "");
    Fields.directory(gd, "Output folder", "teacher.output", "teacher-run");
    Fields.number(gd, "Epochs", "teacher.epochs", 40, 0);
    Fields.number(gd, "Seed", "teacher.seed", 42, 0);
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String config = Fields.nextString(gd, "teacher.config");
    String out = Fields.nextString(gd, "teacher.output");
    int epochs = (int) Fields.nextNumber(gd, "teacher.epochs");
    long seed = (long) Fields.nextNumber(gd, "teacher.seed");
    Jobs.run("Train MRI Teacher", () -> {
      TeacherConfig c = (config == null ? new TransferConfig() : TransferConfig.read(Path.of(config))).teacher;
      c.training.epochs = epochs;
      c.training.seed = seed;
      Path model = TeacherTrainer.train(c, Path.of(out == null ? "teacher-run" : out), new FijiProgress("teacher"));
      @SuppressWarnings("unchecked")
      Map<String, Double> dice = (Map<String, Double>) ModelFile.readDescriptor(model).metrics().get("testDice");
      Tables.dice("Teacher test Dice (MRI)", Map.of("teacher", dice));
    });
  }
}
