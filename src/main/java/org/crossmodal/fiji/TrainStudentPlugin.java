package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.awt.TextField;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.data.ImageSource;
import org.crossmodal.transfer.TransferRun;

/**
 * Plugins › CrossModal Transfer › Train Student…: the CLI's train-student, with progress and Esc to
 * stop. The student works at its teacher's network size whatever the configuration says (the Log
 * says so), and the Log lists which settings come from the configuration file. The ultrasound is
 * simulated, read from a file, or an image open in ImageJ (converted to the image source its file
 * would give, {@link ImagePlusConversion#source}).
 */
public final class TrainStudentPlugin implements PlugIn {
  /** The Image choice that means "no open image: the Ultrasound path (or simulated)". */
  static final String NO_IMAGE = "none";

  @Override
  public void run(String arg) {
    String[] images = java.util.stream.Stream.concat(java.util.stream.Stream.of(NO_IMAGE),
        java.util.Arrays.stream(WindowManager.getImageTitles())).toArray(String[]::new);
    GenericDialog gd = new GenericDialog("Train Student");
    Fields.file(gd, "Teacher model", "student.teacher", "");
    TextField teacherField = Fields.lastStringField(gd);
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "student.config", "");
    Fields.file(gd, "Ultrasound (empty: simulated from the MRI)", "student.ultrasound", "");
    // Not remembered: an image left open from earlier must not silently replace the path or the simulation.
    gd.addChoice("Image (an open ultrasound image instead of the file)", images, NO_IMAGE);
    Fields.directoryWithValue(gd, "Output folder", Fields.output("student.output", derivedOutput(Fields.last("student.teacher", ""))));
    Fields.follow(teacherField, Fields.lastStringField(gd), TrainStudentPlugin::derivedOutput);
    gd.addMessage("The student learns at its teacher's network size; the configuration sets its training.");
    Fields.help(gd, "train-student");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String teacher = Fields.nextString(gd, "student.teacher"), config = Fields.nextString(gd, "student.config");
    String us = Fields.nextString(gd, "student.ultrasound");
    String image = Fields.nextChoiceAsGiven(gd, "image");
    String out = Fields.nextString(gd, "student.output");
    Jobs.training("Train Student", () -> {
      Path file = config == null ? null : Path.of(config);
      TransferConfig c = file == null ? new TransferConfig() : TransferConfig.read(file);
      String t = Fields.required(teacher, "teacher model");
      Path dir = Fields.absolute(out == null ? derivedOutput(t) : out, t);
      ImageSource open = NO_IMAGE.equals(image) ? null : openUltrasound(image, us);
      IJ.log("Train Student: settings " + Settings.fileSummary(file) + "; ultrasound "
          + (open != null ? describe(image, open) : us == null ? "simulated from the MRI" : us) + "; output " + dir);
      Path model = open != null ? TransferRun.studentFromImages(c, Path.of(t), List.of(open), dir, new FijiProgress("student"))
          : TransferRun.student(c, Path.of(t), us == null ? List.of() : List.of(Path.of(us)), dir, new FijiProgress("student"));
      IJ.log("Train Student: model " + model);
    });
  }

  /** The open image {@code title} as the image source its file would give; refused when a file is also given. */
  static ImageSource openUltrasound(String title, String path) throws IOException {
    if (path != null) {
      throw new IOException("both an ultrasound file (" + path + ") and an open image (\"" + title + "\") are given: empty the "
          + "Ultrasound field or choose Image " + NO_IMAGE);
    }
    ImagePlus imp = WindowManager.getImage(title);
    if (imp == null) {
      String[] open = WindowManager.getImageTitles();
      throw new IOException("no open image \"" + title + "\" (open: " + (open.length == 0 ? "none" : String.join(", ", open)) + ")");
    }
    return ImagePlusConversion.source(imp);
  }

  /** "the open image "echo" (10 frames, uncalibrated: fitted whole to the network, its imaging area)", for the Log. */
  static String describe(String title, ImageSource s) {
    return "the open image \"" + title + "\" (" + s.frames().length + (s.frames().length == 1 ? " frame, " : " frames, ")
        + (s.isCalibrated() ? String.format(Locale.ROOT, "%.3g x %.3g mm pixels", s.pixelWidthMm(), s.pixelHeightMm())
            : "uncalibrated: fitted whole to the network")
        + (s.mask() == null ? ", the whole image" : ", its imaging area") + ")";
  }

  /** A student-run folder beside the teacher's run folder. */
  static String derivedOutput(String teacher) {
    if (teacher == null || teacher.isBlank()) return Fields.home("student-run");
    Path runDir = Path.of(teacher).toAbsolutePath().getParent();
    return Fields.nextTo(runDir == null ? teacher : runDir.toString(), "student-run");
  }
}
