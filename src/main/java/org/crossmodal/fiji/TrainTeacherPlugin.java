package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.awt.TextField;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.data.LabelMaps;
import org.crossmodal.data.LabelledVolume;
import org.crossmodal.data.OrientedVolume;
import org.crossmodal.data.Volume;
import org.crossmodal.model.ModelFile;
import org.crossmodal.training.TeacherData;
import org.crossmodal.training.TeacherTrainer;

/**
 * Plugins › CrossModal Transfer › Train MRI Teacher…: the CLI's train-teacher, with progress and Esc
 * to stop. The MRI and its labels come from the configuration file, or are images open in ImageJ
 * (an MR stack and a label image of its size, or a DICOM SEG file): the plugin only turns them into
 * volumes ({@link ImagePlusConversion}) and trains on them as a one-subject cohort
 * ({@link TeacherData#of}); the configuration still gives the classes, network and training. Epochs and Seed start from the configuration file (and follow it when another file is
 * chosen), so they override it only when the user changes them; the Log says which value came from
 * where.
 */
public final class TrainTeacherPlugin implements PlugIn {
  /** The choices of the Data field (macro key {@code data}). */
  static final String FROM_CONFIGURATION = "configuration file", FROM_OPEN_IMAGES = "open images";
  /** The Labels choice that means the DICOM SEG file of the SEG field. */
  static final String SEG_FILE = "DICOM SEG file";
  static final String NONE_OPEN = "(no image open)";

  @Override
  public void run(String arg) {
    String config0 = Fields.last("teacher.config", "");
    TeacherConfig start = readable(config0);
    String[] titles = WindowManager.getImageTitles();
    String[] images = titles.length == 0 ? new String[] {NONE_OPEN} : titles;
    String[] labelChoices = java.util.stream.Stream.concat(java.util.Arrays.stream(titles), java.util.stream.Stream.of(SEG_FILE))
        .toArray(String[]::new);
    GenericDialog gd = new GenericDialog("Train MRI Teacher");
    // A macro that does not say where the data come from means the configuration file, as before.
    String data0 = ij.Macro.getOptions() != null ? FROM_CONFIGURATION : Fields.last("teacher.data", FROM_CONFIGURATION);
    gd.addChoice("Data (the MRI and its labels)", new String[] {FROM_CONFIGURATION, FROM_OPEN_IMAGES}, data0);
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "teacher.config", "");
    TextField configField = Fields.lastStringField(gd);
    gd.addChoice("Image (open MR stack)", images, openTitle(Fields.last("teacher.image", ""), images, 0));
    gd.addChoice("Labels (open label image of the same size, or a DICOM SEG file)", labelChoices,
        openTitle(Fields.last("teacher.labels", ""), labelChoices, Math.min(1, labelChoices.length - 1)));
    Fields.file(gd, "SEG file (when Labels is " + SEG_FILE + ")", "teacher.seg", "");
    Fields.directoryWithValue(gd, "Output folder", Fields.output("teacher.output", Fields.nextTo(config0, "teacher-run")));
    TextField outputField = Fields.lastStringField(gd);
    gd.addNumericField("Epochs", start.training.epochs, 0);
    TextField epochsField = Fields.lastNumericField(gd);
    gd.addNumericField("Seed", start.training.seed, 0);
    TextField seedField = Fields.lastNumericField(gd);
    gd.addMessage("Data: the configuration's MRI and labels, or an open MR stack and its labels (label value i is the\n"
        + "configuration's class i); the configuration always gives the classes, network and training.\n"
        + "Epochs and Seed come from the configuration; change them here to override it for this run.");
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
    String data = Fields.nextChoiceAsGiven(gd, "data");
    String config = Fields.nextString(gd, "teacher.config");
    String imageTitle = Fields.nextChoiceAsGiven(gd, "image"), labelsTitle = Fields.nextChoiceAsGiven(gd, "labels");
    String seg = Fields.nextString(gd, "teacher.seg");
    String out = Fields.nextString(gd, "teacher.output");
    int dialogEpochs = (int) gd.getNextNumber();
    long dialogSeed = (long) gd.getNextNumber();
    boolean open = FROM_OPEN_IMAGES.equals(data);
    if (open || FROM_CONFIGURATION.equals(data)) Fields.remember("teacher.data", data);
    if (open) {
      Fields.remember("teacher.image", imageTitle);
      Fields.remember("teacher.labels", labelsTitle);
    }
    Jobs.training("Train MRI Teacher", () -> {
      if (!open && !FROM_CONFIGURATION.equals(data)) {
        throw new IOException("data is \"" + data + "\"; it is \"" + FROM_CONFIGURATION + "\" or \"" + FROM_OPEN_IMAGES + "\"");
      }
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
      LabelledVolume volume = open ? openImages(imageTitle, labelsTitle, seg, c) : null;
      Path dir = Fields.absolute(out == null ? Fields.nextTo(config, "teacher-run") : out, config);
      IJ.log("Train MRI Teacher: output " + dir);
      Path model = volume == null ? TeacherTrainer.train(c, dir, new FijiProgress("teacher"))
          : TeacherTrainer.train(c, TeacherData.of(c.data, List.of(volume)), dir, new FijiProgress("teacher"));
      @SuppressWarnings("unchecked")
      Map<String, Double> dice = (Map<String, Double>) ModelFile.readDescriptor(model).metrics().get("testDice");
      Tables.dice("Teacher test Dice (MRI)", Map.of("teacher", dice));
      IJ.log("Train MRI Teacher: model " + model + "; test Dice on held-out MRI slices " + FijiProgress.dice(dice));
    });
  }

  /**
   * The open MR stack {@code imageTitle} and its labels (the open image {@code labelsTitle}, or the
   * DICOM SEG file {@code seg}) as a labelled volume; the Log says what is used and how.
   */
  static LabelledVolume openImages(String imageTitle, String labelsTitle, String seg, TeacherConfig c) throws IOException {
    ImagePlus image = openImage(imageTitle, "MR stack");
    OrientedVolume labels;
    if (SEG_FILE.equals(labelsTitle)) {
      Path p = Path.of(Fields.required(seg, "SEG file (Labels is " + SEG_FILE + ")"));
      OrientedVolume read = LabelMaps.readOriented(p);
      labels = new OrientedVolume(read.volume(), read.grid(), p.getFileName().toString());
    } else {
      ImagePlus l = openImage(labelsTitle, "label image");
      if (l == image) throw new IOException("\"" + imageTitle + "\" is chosen as both the MR stack and its labels: choose its label image");
      labels = ImagePlusConversion.labels(l);
    }
    OrientedVolume mr = ImagePlusConversion.volume(image);
    LabelledVolume v = new LabelledVolume(mr, labels);
    v.checkSize();
    Volume m = mr.volume();
    List<String> classes = c.data.recipe.classNames();
    StringBuilder named = new StringBuilder();
    for (int i = 0; i < classes.size(); i++) named.append(i == 0 ? "" : ", ").append(i).append(' ').append(classes.get(i));
    IJ.log(String.format(Locale.ROOT, "Train MRI Teacher: data: the open image \"%s\" (%d x %d x %d voxels of %.3g x %.3g x %.3g mm, %s) "
        + "with the labels \"%s\" (label value = class: %s); the configuration's MRI is not used", mr.source(), m.nx(), m.ny(), m.nz(),
        m.sx(), m.sy(), m.sz(), mr.grid() != null ? "its place in the patient from DICOM" : "no patient geometry: taken as an axial stack as shown",
        labels.source(), named));
    return v;
  }

  private static ImagePlus openImage(String title, String what) throws IOException {
    ImagePlus imp = title == null || NONE_OPEN.equals(title) ? null : WindowManager.getImage(title);
    if (imp == null) {
      String[] open = WindowManager.getImageTitles();
      throw new IOException("no open image \"" + title + "\" for the " + what + " (open: "
          + (open.length == 0 ? "none; open it first, e.g. with Open DICOM Studies" : String.join(", ", open)) + ")");
    }
    return imp;
  }

  /** {@code remembered} when it is among {@code choices}, else the choice at {@code fallback}. */
  static String openTitle(String remembered, String[] choices, int fallback) {
    for (String c : choices) if (c.equals(remembered)) return c;
    return choices[Math.max(0, Math.min(fallback, choices.length - 1))];
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
