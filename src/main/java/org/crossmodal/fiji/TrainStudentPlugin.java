package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;

/** Plugins › CrossModal Transfer › Train Student…: the CLI's train-student, with progress and Esc to stop. */
public final class TrainStudentPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Train Student");
    Fields.file(gd, "Teacher model", "student.teacher", "teacher-run/teacher.model.zip");
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "student.config", "");
    Fields.file(gd, "Ultrasound (empty: simulated from the MRI)", "student.ultrasound", "");
    Fields.directory(gd, "Output folder", "student.output", "student-run");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String teacher = Fields.nextString(gd, "student.teacher"), config = Fields.nextString(gd, "student.config");
    String us = Fields.nextString(gd, "student.ultrasound"), out = Fields.nextString(gd, "student.output");
    Jobs.run("Train Student", () -> {
      TransferConfig c = config == null ? new TransferConfig() : TransferConfig.read(Path.of(config));
      Path model = TransferRun.student(c, Path.of(Fields.required(teacher, "teacher model")),
          us == null ? List.of() : List.of(Path.of(us)), Path.of(out == null ? "student-run" : out), new FijiProgress("student"));
      IJ.log("Train Student: model " + model);
    });
  }
}
