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
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.simulate.SimulatedFrames;
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

  /**
   * Simulated ultrasound of the three parts of the split (test and held-out frames as simulated, the
   * others at the network's scale) and the test slices the evaluation frames come from.
   */
  private record Ultrasound(List<UltrasoundFrame> test, List<UltrasoundFrame> heldOut, List<Integer> testSlices,
      List<UltrasoundFrame.Square> train, List<UltrasoundFrame.Square> validation) {
    List<UltrasoundFrame.Square> unlabelledTrain() {
      return withoutTruth(train);
    }
  }

  /** The frames without their truth: all the student learns from. */
  private static List<UltrasoundFrame.Square> withoutTruth(List<UltrasoundFrame.Square> frames) {
    return frames.stream().map(s -> new UltrasoundFrame.Square(s.frame(), s.image(), s.sector(), null)).toList();
  }

  /**
   * What the student adapts to ({@code student.target}): simulated training frames first (their
   * truth, {@code truth}, measures pseudo-label calibration and is never trained on), then the
   * unlabelled real frames.
   */
  private record Target(List<UltrasoundFrame.Square> train, List<UltrasoundFrame.Square> validation, List<UltrasoundFrame.Square> truth,
      int simulated, int real) {
    String describe() {
      return (simulated > 0 ? simulated + " simulated" : "") + (simulated > 0 && real > 0 ? " + " : "")
          + (real > 0 ? real + " real" : "") + " ultrasound frames";
    }
  }

  private static Target target(TransferConfig c, Ultrasound us, RealUltrasound.Inputs real, NetworkGeometry network) throws IOException {
    List<UltrasoundFrame.Square> train = new ArrayList<>(), validation = new ArrayList<>();
    if (c.student.target.simulated) {
      train.addAll(us.unlabelledTrain());
      validation.addAll(us.validation());
    }
    int sim = train.size() + validation.size();
    if (c.student.target.real) {
      RealUltrasound.Parts p = real.forStudent(network);
      train.addAll(p.train());
      validation.addAll(p.validation());
    }
    if (train.isEmpty() || validation.isEmpty()) {
      throw new IOException("student.target: " + (train.size() + validation.size()) + " ultrasound frames to adapt to ("
          + (c.student.target.simulated ? "simulated on" : "simulated off") + ", " + real.unlabelled().size()
          + " unlabelled real sources); at least " + RealUltrasound.VALIDATION_EVERY + " are needed (every fifth real frame is kept for model selection)");
    }
    return new Target(train, validation, c.student.target.simulated ? us.train() : null, sim, train.size() + validation.size() - sim);
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
    StudentStage.Teacher teacher = StudentStage.Teacher.load(teacherModel, c.teacher.data, listener);

    listener.onMessage("stage 2/6: simulated ultrasound from the train / validation / test slices");
    Ultrasound us = simulate(c.simulation, teacher, run);
    RealUltrasound.Inputs real = RealUltrasound.open(c.ultrasound, listener);
    Target target = target(c, us, real, teacher.descriptor().geometry());

    listener.onMessage("stage 3-4/6: pseudo-labels and student (" + c.student.adaptationName() + ") on " + target.describe());
    Path student = StudentStage.train(c.student, teacher, target.train(), target.validation(), target.truth(), run.student(), listener);

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

    RunMetrics.HeldOut heldOut = heldOut(us.heldOut(), teacherModel, student, oracle, threads, run);
    RealUltrasound.Outcome realOutcome = RealUltrasound.process(c, teacher, student, oracle, real, run, listener);

    ModelDescriptor sd = ModelFile.readDescriptor(student);
    RunMetrics metrics = new RunMetrics(ta.dice(), st.dice(), or.dice(), gap, interval, us.test().size(), us.testSlices(), heldOut,
        c.student.adaptationName(), Json.MAPPER.valueToTree(sd.metrics().get("pseudoLabels")),
        Json.MAPPER.valueToTree(ModelSelectionReport.of(sd.metrics(), c.student.selection)),
        Json.MAPPER.convertValue(teacher.descriptor().metrics().get("testDice"), ClassDice.class),
        Json.MAPPER.convertValue(teacher.descriptor().metrics().get("testDiceProbeViews"), ClassDice.class),
        c.ablation ? Json.MAPPER.valueToTree(Ablation.run(c, teacher, target.train(), target.validation(), target.truth(), us.test(),
            ta.dice(), or.dice(), run, listener)) : null,
        Json.MAPPER.valueToTree(realOutcome.sources()), realOutcome.scored() == null ? null : Json.MAPPER.valueToTree(realOutcome.scored()),
        new RunMetrics.Seeds(c.teacher.training.seed, c.simulation.seed, c.student.seed), TeacherTrainer.versions());
    metrics.write(run.metrics());
    // Cheap, so rewritten on every run: it always shows the files as they are now.
    listener.onMessage("report: " + RunReport.write(runDir));
    return new Outcome(ta.dice(), st.dice(), or.dice(), gap, interval, metrics);
  }

  /**
   * The student alone, from an existing teacher: on simulated ultrasound from the teacher's split
   * (as in {@link #run}) when {@code ultrasound} is empty, or on the ultrasound images in those files
   * (DICOM, TIFF …: each series or image becomes an {@link ImageSource}, see
   * {@link #studentFromImages}). Inputs that cannot be read are reported and skipped; when none can,
   * nothing is trained.
   */
  public static Path student(TransferConfig c, Path teacherModel, List<Path> ultrasound, Path outDir, TrainingListener listener)
      throws IOException {
    if (ultrasound.isEmpty()) return studentFromImages(c, teacherModel, List.of(), outDir, listener);
    RealUltrasound.Inputs real = RealUltrasound.open(ultrasound.stream().map(Path::toString).toList(), listener);
    if (!real.labelled().isEmpty()) listener.onMessage(real.labelled().size() + " ultrasound sources with labels beside them are not trained on");
    List<ImageSource> sources = real.unlabelled().stream().map(RealUltrasound.Source::image).toList();
    if (sources.isEmpty()) {
      throw new IOException(ultrasound.get(0) + ": 0 unlabelled ultrasound frames; at least " + RealUltrasound.VALIDATION_EVERY
          + " are needed (every fifth is kept for model selection)" + (real.errors().isEmpty() ? "" : " (" + real.errors().get(0) + ")"));
    }
    return studentFromImages(c, teacherModel, sources, outDir, listener);
  }

  /**
   * The student alone, from an existing teacher, on ultrasound images already in memory (files
   * opened by {@link ImageSources#open}, or images open in Fiji through
   * {@code ImagePlusConversion.source}): no truth; every fifth frame is kept for label-free model
   * selection. An empty list means simulated ultrasound from the teacher's split, as in {@link #run}.
   * (Not an overload of {@link #student}: both take a List, which Java cannot tell apart.)
   */
  public static Path studentFromImages(TransferConfig c, Path teacherModel, List<ImageSource> ultrasound, Path outDir,
      TrainingListener listener) throws IOException {
    StudentStage.Teacher teacher = StudentStage.Teacher.load(teacherModel, c.teacher.data, listener);
    RunFolder.Models folder = RunFolder.Models.student(outDir);
    if (ultrasound.isEmpty()) {
      RunFolder in = new RunFolder(outDir);
      NetworkGeometry network = teacher.descriptor().geometry();
      TeacherData data = teacher.data();
      List<UltrasoundFrame.Square> truth = squares(simulate(teacher, data.split().train(), c.simulation.trainFrames, c.simulation.seed,
          c.simulation.acquisition(), in, "train"), network);
      List<UltrasoundFrame.Square> validation = squares(simulate(teacher, data.split().validation(), c.simulation.validationFrames,
          c.simulation.seed + 1, c.simulation.acquisition(), in, "validation"), network);
      // The student learns from the images only; the truth measures pseudo-label calibration.
      return StudentStage.train(c.student, teacher, withoutTruth(truth), validation, truth, folder, listener);
    }
    RealUltrasound.Parts p = RealUltrasound.forStudent(ultrasound.stream().map(src -> UltrasoundFrames.of(src, null)).toList(),
        teacher.descriptor().geometry());
    if (p.train().isEmpty() || p.validation().isEmpty()) {
      throw new IOException(ultrasound.get(0).name() + ": " + (p.train().size() + p.validation().size())
          + " ultrasound frames; at least " + RealUltrasound.VALIDATION_EVERY + " are needed (every fifth is kept for model selection)");
    }
    return StudentStage.train(c.student, teacher, p.train(), p.validation(), null, folder, listener);
  }

  /**
   * Frames from the slices of each part of the teacher's split, so no evaluated anatomy is seen in
   * training; test and held-out frames evenly over the test slices that show every class.
   */
  private static Ultrasound simulate(TransferConfig.Simulation s, StudentStage.Teacher teacher, RunFolder run) throws IOException {
    NetworkGeometry network = teacher.descriptor().geometry();
    TeacherData data = teacher.data();
    SimulatedFrames.Acquisition acquisition = s.acquisition();
    List<Integer> testSlices = slicesWithEveryClass(data, data.split().test(), teacher.descriptor().classes().size());
    List<UltrasoundFrame> train = simulate(teacher, data.split().train(), s.trainFrames, s.seed, acquisition, run, "train");
    List<UltrasoundFrame> validation = simulate(teacher, data.split().validation(), s.validationFrames, s.seed + 1, acquisition, run,
        "validation");
    List<UltrasoundFrame> test = simulate(teacher, testSlices, s.testFrames, s.seed + 2, acquisition, run, "test");
    List<UltrasoundFrame> heldOut = s.heldOutFrames <= 0 ? List.of()
        : simulate(teacher, testSlices, s.heldOutFrames, s.seed + 3, SimulatedFrames.Acquisition.HELD_OUT, run, RunFolder.HELD_OUT);
    return new Ultrasound(test, heldOut, testSlices, squares(train, network), squares(validation, network));
  }

  private static List<UltrasoundFrame> simulate(StudentStage.Teacher teacher, List<Integer> slices, int frames, long seed,
      SimulatedFrames.Acquisition acquisition, RunFolder run, String part) throws IOException {
    TeacherData data = teacher.data();
    return UltrasoundFrames.simulated(SimulationJob.run(data.image(), data.classes(), teacher.descriptor().classes(), slices, frames,
        seed, acquisition, run.ultrasound(part)));
  }

  /**
   * The slices that show every foreground class (for the default recipe: those through the deep grey
   * nuclei), at least {@value #MIN_CLASS_PIXELS} network pixels of each; all of them if none does.
   */
  static List<Integer> slicesWithEveryClass(TeacherData data, List<Integer> slices, int classes) {
    List<Integer> out = new ArrayList<>();
    for (LabelledSlice s : data.subset(slices)) {
      int[] count = new int[256];
      for (byte b : s.labels()) count[b & 0xff]++;
      boolean all = true;
      for (int c = 1; c < classes; c++) all &= count[c] >= MIN_CLASS_PIXELS;
      if (all) out.add(s.index());
    }
    return out.isEmpty() ? slices : out;
  }

  private static final int MIN_CLASS_PIXELS = 10;

  /** The three models on the held-out acquisition's frames; null without such frames. */
  private static RunMetrics.HeldOut heldOut(List<UltrasoundFrame> frames, Path teacher, Path student, Path oracle, int threads,
      RunFolder run) throws IOException {
    if (frames.isEmpty()) return null;
    ClassDice t = TestScores.of(teacher, frames, threads, run.heldOutLabels(RunFolder.TEACHER)).dice();
    ClassDice s = TestScores.of(student, frames, threads, run.heldOutLabels(RunFolder.STUDENT)).dice();
    ClassDice o = TestScores.of(oracle, frames, threads, run.heldOutLabels(RunFolder.ORACLE)).dice();
    return new RunMetrics.HeldOut(frames.size(), SimulatedFrames.Acquisition.HELD_OUT_DESCRIPTION, t, s, o, GapInterval.gapRecovered(t, s, o));
  }

  private static List<UltrasoundFrame.Square> squares(List<UltrasoundFrame> frames, NetworkGeometry network) {
    return frames.stream().map(f -> f.toNetwork(network)).toList();
  }
}
