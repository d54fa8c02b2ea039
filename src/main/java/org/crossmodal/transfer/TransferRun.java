package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.GapInterval;
import org.crossmodal.evaluation.ModelSelectionReport;
import org.crossmodal.evaluation.RunMetrics;
import org.crossmodal.evaluation.TestScores;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.Engines;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.report.RunReport;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.training.OracleTrainer;
import org.crossmodal.training.TeacherData;
import org.crossmodal.training.TeacherTrainer;
import org.crossmodal.training.TrainingListener;

/**
 * The whole chain in one run folder: teacher → ultrasound (simulated with truth from the teacher's
 * slice split, and real images without truth) → pseudo-labels → student → oracle → evaluation.
 * Every stage's result is a file written atomically; a rerun with the same folder skips finished
 * stages, and the trainers resume inside their own training, so a killed run resumes. Last, the
 * HTML report of the folder ({@code report/index.html}) is written.
 */
public final class TransferRun {
  /** The three models compared on test ultrasound, the share of the gap the student recovered, and all of metrics.json. */
  public record Outcome(ClassDice teacherOnUltrasound, ClassDice student, ClassDice oracle, double gapRecovered,
      GapInterval gapInterval, RunMetrics metrics) {}

  /** Simulated ultrasound of the three parts of the split: test frames as simulated, the others at the network's scale. */
  private record Ultrasound(List<UltrasoundFrame> test, List<UltrasoundFrame.Square> train, List<UltrasoundFrame.Square> validation) {
    List<UltrasoundFrame.Square> unlabelledTrain() {
      return withoutTruth(train);
    }
  }

  /** The frames without their truth: all the student learns from. */
  private static List<UltrasoundFrame.Square> withoutTruth(List<UltrasoundFrame.Square> frames) {
    return frames.stream().map(s -> new UltrasoundFrame.Square(s.frame(), s.image(), s.sector(), null)).toList();
  }

  private TransferRun() {}

  public static Outcome run(TransferConfig c, Path runDir, TrainingListener listener) throws IOException {
    c.check();
    if (c.engine != null) Engines.configure(c.engine.isa, c.engine.precision);
    RunFolder run = new RunFolder(runDir);
    Files.createDirectories(runDir);
    Json.write(run.config(), c);
    Path teacherModel = run.teacher().model();
    if (!Files.exists(teacherModel)) {
      listener.onMessage("stage 1/6: teacher on labelled MRI");
      TeacherTrainer.train(c.teacher, run.teacher().dir(), listener);
    } else {
      listener.onMessage("stage 1/6: teacher already trained (" + teacherModel + ")");
    }
    StudentStage.Teacher teacher = new StudentStage.Teacher(teacherModel, ModelFile.readDescriptor(teacherModel),
        TeacherData.load(c.teacher.data));

    listener.onMessage("stage 2/6: simulated ultrasound from the train / validation / test slices");
    Ultrasound us = simulate(c.simulation, teacher, run);

    listener.onMessage("stage 3-4/6: pseudo-labels and student (" + c.student.adaptationName() + ")");
    Path student = StudentStage.train(c.student, teacher, us.unlabelledTrain(), us.validation(), us.train(), run.student(), listener);

    Path oracle = run.oracle().model();
    if (!Files.exists(oracle)) {
      listener.onMessage("stage 5/6: oracle (supervised on ultrasound truth, for the comparison only)");
      OracleTrainer.train(c.oracle, teacherModel, us.train(), us.validation(), run.oracle().dir(), listener);
    }

    listener.onMessage("stage 6/6: evaluation on " + us.test().size() + " test frames from held-out slices");
    int threads = c.evaluation.threads;
    TestScores ta = TestScores.of(teacherModel, us.test(), threads, run.testLabels(RunFolder.TEACHER));
    TestScores st = TestScores.of(student, us.test(), threads, run.testLabels(RunFolder.STUDENT));
    TestScores or = TestScores.of(oracle, us.test(), threads, run.testLabels(RunFolder.ORACLE));
    double gap = GapInterval.gapRecovered(ta.dice(), st.dice(), or.dice());
    GapInterval interval = GapInterval.of(us.test().stream().mapToInt(UltrasoundFrame::group).toArray(), ta.counts(), st.counts(),
        or.counts(), teacher.descriptor().classes(), c.simulation.seed);

    ModelDescriptor sd = ModelFile.readDescriptor(student);
    RunMetrics metrics = new RunMetrics(ta.dice(), st.dice(), or.dice(), gap, interval, us.test().size(), c.student.adaptationName(),
        Json.MAPPER.valueToTree(sd.metrics().get("pseudoLabels")),
        Json.MAPPER.valueToTree(ModelSelectionReport.of(sd.metrics(), c.student.selection)),
        Json.MAPPER.convertValue(teacher.descriptor().metrics().get("testDice"), ClassDice.class),
        c.ablation ? Json.MAPPER.valueToTree(Ablation.run(c, teacher, us.unlabelledTrain(), us.validation(), us.train(), us.test(),
            ta.dice(), or.dice(), run, listener)) : null,
        Json.MAPPER.valueToTree(RealUltrasound.process(c, teacher, student, run, listener)),
        new RunMetrics.Seeds(c.teacher.training.seed, c.simulation.seed, c.student.seed), TeacherTrainer.versions());
    metrics.write(run.metrics());
    // Cheap, so rewritten on every run: it always shows the files as they are now.
    listener.onMessage("report: " + RunReport.write(runDir));
    return new Outcome(ta.dice(), st.dice(), or.dice(), gap, interval, metrics);
  }

  /**
   * The student alone, from an existing teacher: on simulated ultrasound from the teacher's split
   * (as in {@link #run}), or on ultrasound images a user brings (no truth; every fifth frame is kept
   * for label-free model selection).
   */
  public static Path student(TransferConfig c, Path teacherModel, List<Path> ultrasound, Path outDir, TrainingListener listener)
      throws IOException {
    StudentStage.Teacher teacher = new StudentStage.Teacher(teacherModel, ModelFile.readDescriptor(teacherModel),
        TeacherData.load(c.teacher.data));
    RunFolder.Models folder = RunFolder.Models.student(outDir);
    if (ultrasound.isEmpty()) {
      RunFolder in = new RunFolder(outDir);
      NetworkGeometry network = teacher.descriptor().geometry();
      List<UltrasoundFrame.Square> truth = squares(simulate(teacher, c.simulation.trainFrames, c.simulation.seed, in, "train"), network);
      List<UltrasoundFrame.Square> validation = squares(simulate(teacher, c.simulation.validationFrames, c.simulation.seed + 1, in,
          "validation"), network);
      // The student learns from the images only; the truth measures pseudo-label calibration.
      return StudentStage.train(c.student, teacher, withoutTruth(truth), validation, truth, folder, listener);
    }
    List<UltrasoundFrame.Square> train = new ArrayList<>(), validation = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<ImageSource> sources = new ArrayList<>();
    ImageSources.open(ultrasound, sources::add, errors::add);
    errors.forEach(e -> listener.onMessage("skipped: " + e));
    int k = 0;
    for (ImageSource src : sources) {
      for (UltrasoundFrame f : UltrasoundFrames.of(src, null)) (k++ % 5 == 4 ? validation : train).add(f.toNetwork(teacher.descriptor().geometry()));
    }
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IOException(ultrasound.get(0) + ": " + (train.size() + validation.size())
          + " ultrasound frames; at least 5 are needed (every fifth is kept for model selection)");
    }
    return StudentStage.train(c.student, teacher, train, validation, null, folder, listener);
  }

  /** Frames from the slices of each part of the teacher's split, so no evaluated anatomy is seen in training. */
  private static Ultrasound simulate(TransferConfig.Simulation s, StudentStage.Teacher teacher, RunFolder run) throws IOException {
    NetworkGeometry network = teacher.descriptor().geometry();
    List<UltrasoundFrame> train = simulate(teacher, s.trainFrames, s.seed, run, "train");
    List<UltrasoundFrame> validation = simulate(teacher, s.validationFrames, s.seed + 1, run, "validation");
    List<UltrasoundFrame> test = simulate(teacher, s.testFrames, s.seed + 2, run, "test");
    return new Ultrasound(test, squares(train, network), squares(validation, network));
  }

  private static List<UltrasoundFrame> simulate(StudentStage.Teacher teacher, int frames, long seed, RunFolder run, String part)
      throws IOException {
    TeacherData data = teacher.data();
    List<Integer> slices = switch (part) {
      case "train" -> data.split().train();
      case "validation" -> data.split().validation();
      default -> data.split().test();
    };
    return UltrasoundFrames.simulated(SimulationJob.run(data.image(), data.classes(), teacher.descriptor().classes(), slices, frames,
        seed, run.ultrasound(part)));
  }

  private static List<UltrasoundFrame.Square> squares(List<UltrasoundFrame> frames, NetworkGeometry network) {
    return frames.stream().map(f -> f.toNetwork(network)).toList();
  }
}
