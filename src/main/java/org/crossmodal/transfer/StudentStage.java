package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.evaluation.Calibration;
import org.crossmodal.inference.PseudoLabelImages;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.training.ProbeViews;
import org.crossmodal.training.StudentTrainer;
import org.crossmodal.training.TeacherData;
import org.crossmodal.training.TrainingListener;

/**
 * The student stage of a run (and of {@code train-student}, and of each ablation row): its labelled
 * MRI, its ultrasound, and each round's pseudo-labels saved as images, measured against the
 * simulator's truth where it exists.
 */
final class StudentStage {
  /** The teacher's model file and descriptor, and the labelled MRI it was trained on. */
  record Teacher(Path model, ModelDescriptor descriptor, TeacherData data) {
    /** The student's labelled MRI: training slices, plus as many probe views of them when asked. */
    List<LabelledSlice> mri(StudentConfig c) {
      List<LabelledSlice> out = new ArrayList<>(data.subset(data.split().train()));
      if (c.adaptation.probeGeometry) {
        out.addAll(ProbeViews.of(data, data.split().train(), 1, c.seed + 101, descriptor.geometry(), ProbeViews.Appearance.of(c.adaptation)));
      }
      return out;
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
    StudentTrainer.Inputs in = new StudentTrainer.Inputs(teacher.model(), teacher.mri(c), train, validation);
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
