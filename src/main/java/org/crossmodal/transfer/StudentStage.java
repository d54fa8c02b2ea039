package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.evaluation.Calibration;
import org.crossmodal.inference.PseudoLabelImages;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.simulate.ProbeModel;
import org.crossmodal.training.StudentTrainer;
import org.crossmodal.training.TeacherData;
import org.crossmodal.training.TrainingListener;
import org.crossmodal.training.TrainingViews;

/**
 * The student stage of a run (and of {@code train-student}, and of each ablation row): its labelled
 * MRI, its ultrasound, and each round's pseudo-labels saved as images, measured against the
 * simulator's truth where it exists.
 */
final class StudentStage {
  /** The teacher's model file and descriptor, the labelled MRI it was trained on, and how it was shown (views and looks). */
  record Teacher(Path model, ModelDescriptor descriptor, TeacherData data, TeacherConfig.Data settings) {
    /**
     * The teacher in {@code model} with its labelled MRI as {@code configured} describes it, at the
     * teacher's own network geometry: a student always works at its teacher's input size (a
     * configuration made for another teacher size is not an error; the message says which size is
     * used and why). A configuration whose classes differ from the teacher's is refused up front.
     */
    static Teacher load(Path model, TeacherConfig.Data configured, TrainingListener listener) throws IOException {
      ModelDescriptor d = ModelFile.readDescriptor(model);
      List<String> classes = configured.recipe.classNames();
      if (!classes.equals(d.classes())) {
        throw new IOException(model + ": the teacher segments " + String.join(", ", d.classes()) + ", but the configuration's classes "
            + "(teacher.data.recipe) are " + String.join(", ", classes) + ": use the configuration the teacher was trained with");
      }
      TeacherConfig.Data data = configured;
      if (d.inputSize() != configured.size) {
        data = Json.MAPPER.convertValue(configured, TeacherConfig.Data.class);
        data.size = d.inputSize();
        listener.onMessage("network input " + d.inputSize() + " x " + d.inputSize() + " pixels, taken from the teacher ("
            + model.getFileName() + "); the configuration's teacher.data.size (" + configured.size + ") is for training a teacher");
      }
      TeacherData loaded = TeacherData.load(data);
      String other = otherMri(d, loaded);
      if (other != null) listener.onMessage(other);
      return new Teacher(model, d, loaded, data);
    }

    /**
     * A warning when the teacher's provenance names other MRI than {@code loaded} (e.g. a teacher
     * trained on images open in Fiji: the student cannot have them, only what the configuration
     * names); null when they agree or the teacher names none.
     */
    static String otherMri(ModelDescriptor d, TeacherData loaded) {
      Object trainedOn = d.provenance() == null ? null : d.provenance().get("files");
      if (!(trainedOn instanceof Map<?, ?> files) || files.isEmpty() || files.equals(loaded.fileHashes())) return null;
      return "warning: the teacher was trained on other MRI (" + files.keySet().stream().map(String::valueOf)
          .collect(java.util.stream.Collectors.joining(", ")) + ") than the configuration names (" + String.join(", ",
          loaded.fileHashes().keySet()) + "); the student's labelled MRI and any simulated ultrasound come from the configuration's";
    }

    /**
     * The student's labelled MRI, epoch by epoch: the training slices, shown as the teacher learnt
     * them (probe views drawn afresh, with random looks) when the student's adaptation asks for it.
     */
    IntFunction<List<LabelledSlice>> mri(StudentConfig c) {
      List<LabelledSlice> whole = data.subset(data.split().train());
      if (!c.adaptation.probeViews) return epoch -> whole;
      TrainingViews drawn = new TrainingViews(data, descriptor.geometry());
      TrainingViews.Mix mix = TrainingViews.mix(settings, c.adaptation.randomLook);
      return epoch -> drawn.epoch(data.split().train(), mix, c.seed + 101, epoch);
    }

    /**
     * What the pseudo-labels' confidences are calibrated on: 4 probe views of each validation slice
     * with a random B-mode look, the labelled images nearest to ultrasound (none when not asked for).
     */
    List<LabelledSlice> calibration(StudentConfig c) {
      if (!c.pseudoLabels.calibrate) return List.of();
      return new TrainingViews(data, descriptor.geometry()).fixed(data.split().validation(), 4, ProbeModel.ANY, true, c.seed + 211);
    }
  }

  private StudentStage() {}

  /**
   * Trains a student into {@code folder} (unless its model file exists). {@code truth} holds the same
   * training frames with their labels, read only to measure pseudo-label calibration for the report.
   */
  static Path train(StudentConfig c, Teacher teacher, List<UltrasoundFrame.Square> train, List<UltrasoundFrame.Square> validation,
      List<UltrasoundFrame.Square> truth, RunFolder.Models folder, TrainingListener listener) throws IOException {
    if (Files.exists(folder.model())) return folder.model();
    StudentTrainer.Inputs in = new StudentTrainer.Inputs(teacher.model(), teacher.mri(c), train, validation, teacher.calibration(c));
    return StudentTrainer.train(c, in, folder.dir(), listener, (round, result) -> {
      RunFolder.PseudoLabels files = folder.pseudoLabels(round);
      PseudoLabelImages.save(result, teacher.descriptor().geometry(), files);
      Map<String, Object> measured = new LinkedHashMap<>();
      if (truth != null) {
        measured.put("againstSimulatorTruth", Calibration.of(truth, result.frames(), teacher.descriptor().classes()));
        Json.write(files.calibration(), measured);
      }
      return measured;
    });
  }
}
