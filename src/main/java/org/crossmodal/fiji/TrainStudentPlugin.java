package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.awt.TextField;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;

/**
 * Plugins › CrossModal Transfer › Train Student…: the CLI's train-student, with progress and Esc to
 * stop. The student works at its teacher's network size whatever the configuration says (the Log
 * says so), and the Log lists which settings come from the configuration file.
 */
public final class TrainStudentPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Train Student");
    Fields.file(gd, "Teacher model", "student.teacher", "");
    TextField teacherField = Fields.lastStringField(gd);
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "student.config", "");
    Fields.file(gd, "Ultrasound (empty: simulated from the MRI)", "student.ultrasound", "");
    Fields.directoryWithValue(gd, "Output folder", Fields.output("student.output", derivedOutput(Fields.last("student.teacher", ""))));
    Fields.follow(teacherField, Fields.lastStringField(gd), TrainStudentPlugin::derivedOutput);
    gd.addMessage("The student learns at its teacher's network size; the configuration sets its training.");
    Fields.help(gd, "train-student");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String teacher = Fields.nextString(gd, "student.teacher"), config = Fields.nextString(gd, "student.config");
    String us = Fields.nextString(gd, "student.ultrasound"), out = Fields.nextString(gd, "student.output");
    Jobs.training("Train Student", () -> {
      Path file = config == null ? null : Path.of(config);
      TransferConfig c = file == null ? new TransferConfig() : TransferConfig.read(file);
      String t = Fields.required(teacher, "teacher model");
      Path dir = Fields.absolute(out == null ? derivedOutput(t) : out, t);
      IJ.log("Train Student: settings " + Settings.fileSummary(file) + "; ultrasound " + (us == null ? "simulated from the MRI" : us)
          + "; output " + dir);
      Path model = TransferRun.student(c, Path.of(t), us == null ? List.of() : List.of(Path.of(us)), dir, new FijiProgress("student"));
      IJ.log("Train Student: model " + model);
    });
  }

  /** A student-run folder beside the teacher's run folder. */
  static String derivedOutput(String teacher) {
    if (teacher == null || teacher.isBlank()) return Fields.home("student-run");
    Path runDir = Path.of(teacher).toAbsolutePath().getParent();
    return Fields.nextTo(runDir == null ? teacher : runDir.toString(), "student-run");
  }
}
