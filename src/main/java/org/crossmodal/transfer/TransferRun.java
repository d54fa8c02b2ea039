package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.report.RunReport;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.SimulationJob;

/**
 * The whole chain in one run folder: teacher → ultrasound (simulated with truth from the teacher's
 * slice split, and real images without truth) → pseudo-labels → student → oracle → evaluation.
 * Every stage's result is a file written atomically; a rerun with the same folder skips finished
 * stages, and the teacher and student resume inside their own training, so a killed run resumes.
 * Last, the HTML report of the folder ({@code report/index.html}) is written.
 */
public final class TransferRun {
  public static final String METRICS = "metrics.json";

  /** The three models compared on test ultrasound, and the share of the gap the student recovered. */
  public record Outcome(Map<String, Double> teacherOnUltrasound, Map<String, Double> student, Map<String, Double> oracle,
      double gapRecovered, GapInterval gapInterval, Map<String, Object> metrics) {}

  /** A model's Dice on the test frames, and each frame's counts (for the bootstrap interval). */
  record Scored(Map<String, Double> dice, List<long[][]> counts) {}

  private TransferRun() {}

  /** Refuses settings that would only fail later, after hours of training. */
  public static void checkSettings(TransferConfig c) {
    ProbeViews.Appearance.of(c.student.adaptation);
    c.student.pseudoLabels.check();
  }

  public static Outcome run(TransferConfig c, Path runDir, TrainingListener listener) throws IOException {
    checkSettings(c);
    org.crossmodal.model.Engines.configure(c.engine);
    Files.createDirectories(runDir);
    Json.write(runDir.resolve("config.json"), c);
    Path teacher = runDir.resolve("teacher").resolve(TeacherTrainer.MODEL_FILE);
    if (!Files.exists(teacher)) {
      listener.onMessage("stage 1/6: teacher on labelled MRI");
      TeacherTrainer.train(c.teacher, teacher.getParent(), listener);
    } else {
      listener.onMessage("stage 1/6: teacher already trained (" + teacher + ")");
    }
    ModelDescriptor td = ModelFile.readDescriptor(teacher);
    TeacherData data = TeacherData.load(c.teacher.data);
    List<String> classes = td.classes();

    listener.onMessage("stage 2/6: simulated ultrasound from the train / validation / test slices");
    Map<String, List<UltrasoundFrame>> frames = new LinkedHashMap<>();
    frames.put("train", simulate(data, classes, data.split().train(), c.simulation.trainFrames, c.simulation.seed, runDir, "train"));
    frames.put("validation", simulate(data, classes, data.split().validation(), c.simulation.validationFrames, c.simulation.seed + 1, runDir,
        "validation"));
    frames.put("test", simulate(data, classes, data.split().test(), c.simulation.testFrames, c.simulation.seed + 2, runDir, "test"));
    Map<String, List<UltrasoundFrame.Square>> squares = new LinkedHashMap<>();
    frames.forEach((k, v) -> squares.put(k, v.stream().map(f -> f.toNetwork(td.inputSize(), td.fieldOfViewMm())).toList()));
    // The student learns from ultrasound images only: the truth stays behind for evaluation.
    List<UltrasoundFrame.Square> unlabelledTrain = squares.get("train").stream()
        .map(s -> new UltrasoundFrame.Square(s.frame(), s.image(), s.sector(), null)).toList();
    MriSource mri = new MriSource(data, td);

    listener.onMessage("stage 3-4/6: pseudo-labels and student (" + c.student.adaptationName() + ")");
    Path student = trainStudent(c.student, teacher, mri, unlabelledTrain, squares.get("validation"), squares.get("train"),
        runDir.resolve("student"), listener);

    Path oracle = runDir.resolve("oracle").resolve(OracleTrainer.MODEL_FILE);
    if (!Files.exists(oracle)) {
      listener.onMessage("stage 5/6: oracle (supervised on ultrasound truth, for the comparison only)");
      OracleTrainer.train(c.oracle, teacher, squares.get("train"), squares.get("validation"), c.student.seed, c.student.threads,
          oracle.getParent(), listener);
    }

    listener.onMessage("stage 6/6: evaluation on " + frames.get("test").size() + " test frames from held-out slices");
    List<UltrasoundFrame> test = frames.get("test");
    Scored ta = evaluate(teacher, test, c.student.threads, runDir.resolve("evaluation"), "teacher");
    Scored st = evaluate(student, test, c.student.threads, runDir.resolve("evaluation"), "student");
    Scored or = evaluate(oracle, test, c.student.threads, runDir.resolve("evaluation"), "oracle");
    Map<String, Double> a = ta.dice(), b = st.dice(), o = or.dice();
    double gap = gapRecovered(a, b, o);
    GapInterval interval = GapInterval.of(test.stream().mapToInt(UltrasoundFrame::group).toArray(), ta.counts(), st.counts(), or.counts(),
        classes, c.simulation.seed);

    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("teacherOnUltrasound", a);
    metrics.put("student", b);
    metrics.put("oracle", o);
    metrics.put("gapRecovered", gap);
    metrics.put("gapRecoveredInterval", interval);
    metrics.put("testFrames", test.size());
    metrics.put("adaptation", c.student.adaptationName());
    ModelDescriptor sd = ModelFile.readDescriptor(student);
    metrics.put("pseudoLabels", sd.metrics().get("pseudoLabels"));
    metrics.put("modelSelection", ModelSelectionReport.of(sd.metrics(), c.student.selection));
    metrics.put("teacherOnMri", td.metrics().get("testDice"));
    if (c.ablation) metrics.put("ablation", Ablation.run(c, teacher, mri, unlabelledTrain, squares.get("validation"),
        squares.get("train"), test, a, o, runDir, listener));
    metrics.put("realUltrasound", RealUltrasound.process(c, teacher, student, runDir.resolve("real-ultrasound"), listener));
    metrics.put("seeds", Map.of("teacher", c.teacher.training.seed, "simulation", c.simulation.seed, "student", c.student.seed));
    metrics.put("versions", TeacherTrainer.versions());
    Json.write(runDir.resolve(METRICS), metrics);
    // Cheap, so rewritten on every run: it always shows the files as they are now.
    listener.onMessage("report: " + RunReport.write(runDir));
    return new Outcome(a, b, o, gap, interval, metrics);
  }

  /** The student's labelled MRI: training slices, plus as many probe views of them when asked. */
  record MriSource(TeacherData data, ModelDescriptor teacher) {
    List<LabelledSlice> slices(StudentConfig c) {
      List<LabelledSlice> out = new ArrayList<>(data.subset(data.split().train()));
      if (c.adaptation.probeGeometry) {
        out.addAll(ProbeViews.of(data, data.split().train(), 1, c.seed + 101, teacher.inputSize(), teacher.fieldOfViewMm(),
            ProbeViews.Appearance.of(c.adaptation)));
      }
      return out;
    }
  }

  /**
   * Trains a student (unless its model file exists). {@code truth} holds the same training frames
   * with their labels, read only to measure pseudo-label calibration for the report.
   */
  static Path trainStudent(StudentConfig c, Path teacher, MriSource mriSource, List<UltrasoundFrame.Square> train,
      List<UltrasoundFrame.Square> validation, List<UltrasoundFrame.Square> truth, Path dir, TrainingListener listener)
      throws IOException {
    Path file = dir.resolve(StudentTrainer.MODEL_FILE);
    if (Files.exists(file)) return file;
    List<LabelledSlice> mri = mriSource.slices(c);
    double pixelMm = ModelFile.readDescriptor(teacher).fieldOfViewMm() / ModelFile.readDescriptor(teacher).inputSize();
    return StudentTrainer.train(c, new StudentTrainer.Inputs(teacher, mri, train, validation), dir, listener,
        (round, result) -> {
          Path out = dir.resolve("pseudo-labels").resolve("round-" + round);
          savePseudoLabels(result, train.get(0).image().length, pixelMm, out);
          Map<String, Object> measured = new LinkedHashMap<>();
          if (truth != null) {
            measured.put("againstSimulatorTruth", Calibration.of(truth, result.frames(), ModelFile.readDescriptor(teacher).classes()));
            Json.write(out.resolve("calibration.json"), measured);
          }
          return measured;
        });
  }

  /**
   * The student alone, from an existing teacher: on simulated ultrasound from the teacher's split
   * (as in {@link #run}), or on ultrasound images a user brings (no truth; every fifth frame is kept
   * for label-free model selection).
   */
  public static Path student(TransferConfig c, Path teacher, List<Path> ultrasound, Path outDir, TrainingListener listener)
      throws IOException {
    ModelDescriptor td = ModelFile.readDescriptor(teacher);
    TeacherData data = TeacherData.load(c.teacher.data);
    List<UltrasoundFrame.Square> train = new ArrayList<>(), validation = new ArrayList<>(), truth;
    if (ultrasound.isEmpty()) {
      List<String> classes = td.classes();
      truth = simulate(data, classes, data.split().train(), c.simulation.trainFrames, c.simulation.seed, outDir, "train").stream()
          .map(f -> f.toNetwork(td.inputSize(), td.fieldOfViewMm())).toList();
      // The student learns from the images only; the truth measures pseudo-label calibration.
      for (UltrasoundFrame.Square s : truth) train.add(new UltrasoundFrame.Square(s.frame(), s.image(), s.sector(), null));
      for (UltrasoundFrame f : simulate(data, classes, data.split().validation(), c.simulation.validationFrames, c.simulation.seed + 1,
          outDir, "validation")) {
        validation.add(f.toNetwork(td.inputSize(), td.fieldOfViewMm()));
      }
    } else {
      List<String> errors = new ArrayList<>();
      List<ImageSource> sources = new ArrayList<>();
      ImageSources.open(ultrasound, sources::add, errors::add);
      errors.forEach(e -> listener.onMessage("skipped: " + e));
      int k = 0;
      for (ImageSource src : sources) {
        for (UltrasoundFrame f : UltrasoundFrames.of(src, null)) {
          (k++ % 5 == 4 ? validation : train).add(f.toNetwork(td.inputSize(), td.fieldOfViewMm()));
        }
      }
      if (train.isEmpty() || validation.isEmpty()) {
        throw new IOException(ultrasound.get(0) + ": " + (train.size() + validation.size())
            + " ultrasound frames; at least 5 are needed (every fifth is kept for model selection)");
      }
      truth = null;
    }
    return trainStudent(c.student, teacher, new MriSource(data, td), train, validation, truth, outDir, listener);
  }

  /** Share of the teacher-to-oracle gap (mean foreground Dice) that the student closed. */
  public static double gapRecovered(Map<String, Double> teacher, Map<String, Double> student, Map<String, Double> oracle) {
    double a = teacher.get("meanForeground"), b = student.get("meanForeground"), c = oracle.get("meanForeground");
    return Math.abs(c - a) < 1e-9 ? Double.NaN : (b - a) / (c - a);
  }

  private static List<UltrasoundFrame> simulate(TeacherData data, List<String> classes, List<Integer> slices, int n, long seed,
      Path runDir, String part) throws IOException {
    Path dir = runDir.resolve("ultrasound").resolve(part);
    List<SimulatedFrames.Sample> samples = SimulationJob.run(data, classes, slices, n, seed, dir);
    return UltrasoundFrames.simulated(samples);
  }

  /** Dice on test frames in their own resolution, and the predictions as a label TIFF for viewing. */
  static Scored evaluate(Path model, List<UltrasoundFrame> frames, int threads, Path dir, String name) throws IOException {
    try (LoadedModel m = ModelFile.load(model, threads)) {
      List<Segmenter.Prediction> p = UltrasoundFrames.predict(m, frames, Segmenter.Options.plain());
      UltrasoundFrame f = frames.get(0);
      LabelImages.save(LabelImages.labels(name + "-test-labels", f.width(), f.height(),
          p.stream().map(Segmenter.Prediction::labels).toList(), f.pixelMm(), f.pixelMm()), dir.resolve(name + "-test-labels.tif"));
      List<String> classes = m.descriptor().classes();
      List<long[][]> counts = new ArrayList<>();
      long[][] pooled = new long[3][classes.size()];
      for (int i = 0; i < frames.size(); i++) {
        counts.add(Dice.counts(p.get(i).labels(), frames.get(i).truth(), classes.size()));
        Dice.add(pooled, counts.get(i));
      }
      return new Scored(Dice.fromCounts(pooled, classes), counts);
    }
  }

  /** Pseudo-labels (255 = ignored) and confidence of one round, at the network's input scale. */
  static void savePseudoLabels(PseudoLabeller.Result r, int pixels, double pixelMm, Path dir) throws IOException {
    int n = (int) Math.round(Math.sqrt(pixels));
    List<byte[]> labels = r.frames().stream().map(PseudoLabeller.Frame::labels).toList();
    LabelImages.save(LabelImages.labels("pseudo-labels", n, n, labels, pixelMm, pixelMm), dir.resolve("pseudo-labels.tif"));
    List<float[][]> conf = new ArrayList<>();
    for (PseudoLabeller.Frame f : r.frames()) conf.add(new float[][] {f.confidence(), f.entropy()});
    LabelImages.save(LabelImages.probabilities("confidence", n, n, conf, List.of("confidence", "entropy"), pixelMm, pixelMm),
        dir.resolve("confidence.tif"));
    Json.write(dir.resolve("pseudo-labels.json"), r.stats());
  }

  /** Real ultrasound without truth: teacher pseudo-labels with confidence, and student predictions. */
  static final class RealUltrasound {
    private RealUltrasound() {}

    static List<Map<String, Object>> process(TransferConfig c, Path teacher, Path student, Path dir, TrainingListener listener)
        throws IOException {
      List<Map<String, Object>> out = new ArrayList<>();
      List<ImageSource> sources = new ArrayList<>();
      List<Path> paths = c.ultrasound.stream().map(TeacherData::resolve).toList();
      ImageSources.open(paths, sources::add, err -> {
        listener.onMessage("skipped: " + err);
        out.add(Map.of("error", err));
      });
      if (sources.isEmpty()) return out;
      try (LoadedModel t = ModelFile.load(teacher, c.student.threads); LoadedModel s = ModelFile.load(student, c.student.threads)) {
        for (ImageSource src : sources) {
          List<UltrasoundFrame> frames = UltrasoundFrames.of(src, null);
          List<UltrasoundFrame.Square> sq = frames.stream()
              .map(f -> f.toNetwork(t.descriptor().inputSize(), t.descriptor().fieldOfViewMm())).toList();
          PseudoLabeller.Result pl = PseudoLabeller.label(t, DomainSwitch.MRI, sq, c.student.pseudoLabels);
          double pmm = t.descriptor().fieldOfViewMm() / t.descriptor().inputSize();
          savePseudoLabels(pl, sq.get(0).image().length, pmm, dir.resolve(src.name()));
          List<Segmenter.Prediction> p = UltrasoundFrames.predict(s, frames, Segmenter.Options.plain());
          LabelImages.save(LabelImages.labels(src.name() + "_student", src.width(), src.height(),
              p.stream().map(Segmenter.Prediction::labels).toList(), src.pixelWidthMm(), src.pixelHeightMm()),
              dir.resolve(src.name()).resolve("student-labels.tif"));
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("source", src.name());
          m.put("frames", frames.size());
          m.put("pseudoLabels", pl.stats());
          out.add(m);
          listener.onMessage("real ultrasound " + src.name() + ": " + frames.size() + " frames pseudo-labelled and segmented");
        }
      }
      return out;
    }
  }
}
