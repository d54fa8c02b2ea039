package org.crossmodal.transfer;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.InputFit;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.data.UltrasoundInputs;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.EvaluationJob;
import org.crossmodal.evaluation.GapInterval;
import org.crossmodal.evaluation.TestScores;
import org.crossmodal.inference.PseudoLabelImages;
import org.crossmodal.inference.PseudoLabeller;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.Suitability;
import org.crossmodal.training.TrainingListener;

/**
 * The run's real ultrasound ({@code ultrasound:}). Unlabelled sources are the student's target
 * domain when {@code student.target.real} is on; sources with labels beside them never train and
 * are scored (teacher, student and oracle). Every source is pseudo-labelled by the teacher and
 * segmented by the student, checked against what the models were trained for, and reported in
 * metrics.json.
 */
final class RealUltrasound {
  /** Every frame is kept for model selection once in this many; the others train. */
  static final int VALIDATION_EVERY = 5;

  /** One source: its frames at their own resolution, with truth when {@code labels} is set. */
  record Source(ImageSource image, Path labels, List<UltrasoundFrame> frames) {}

  /** The sources that could be read, and one message per input that could not. */
  record Inputs(List<Source> sources, List<String> errors) {
    List<Source> unlabelled() {
      return sources.stream().filter(s -> s.labels() == null).toList();
    }

    List<Source> labelled() {
      return sources.stream().filter(s -> s.labels() != null).toList();
    }

    /** The unlabelled frames as the student gets them ({@link RealUltrasound#forStudent}). */
    Parts forStudent(NetworkGeometry network) {
      return RealUltrasound.forStudent(unlabelled().stream().map(Source::frames).toList(), network);
    }
  }

  /** Frames of unlabelled sources at the network's scale, without truth: four of five train, the fifth selects the model. */
  static Parts forStudent(List<List<UltrasoundFrame>> sources, NetworkGeometry network) {
    List<UltrasoundFrame.Square> train = new ArrayList<>(), validation = new ArrayList<>();
    int k = 0;
    for (List<UltrasoundFrame> frames : sources) {
      for (UltrasoundFrame f : frames) (k++ % VALIDATION_EVERY == VALIDATION_EVERY - 1 ? validation : train).add(f.toNetwork(network));
    }
    return new Parts(train, validation);
  }

  record Parts(List<UltrasoundFrame.Square> train, List<UltrasoundFrame.Square> validation) {}

  private RealUltrasound() {}

  /** Reads the configured real ultrasound; an input that cannot be read (or whose labels do not fit it) is an error, not a failure. */
  static Inputs open(List<String> configured, TrainingListener listener) throws IOException {
    UltrasoundInputs.Split split = UltrasoundInputs.split(configured.stream().map(DataSet::resolve).toList());
    List<String> errors = new ArrayList<>();
    List<ImageSource> images = new ArrayList<>();
    List<Path> labels = new ArrayList<>();
    ImageSources.open(split.unlabelled(), s -> {
      images.add(s);
      labels.add(null);
    }, errors::add);
    for (UltrasoundInputs.Labelled l : split.labelled()) {
      ImageSources.open(List.of(l.image()), s -> {
        images.add(s);
        labels.add(l.labels());
      }, errors::add);
    }
    // Each source gets a folder of its own in real-ultrasound/, so names must differ.
    List<ImageSource> named = ImageSources.uniquelyNamed(images);
    List<Source> sources = new ArrayList<>();
    for (int i = 0; i < named.size(); i++) {
      ImageSource s = named.get(i);
      try {
        sources.add(new Source(s, labels.get(i), UltrasoundFrames.of(s, labels.get(i) == null ? null : EvaluationJob.truth(labels.get(i), s))));
      } catch (IOException e) {
        errors.add(e.getMessage());
      }
    }
    errors.forEach(e -> listener.onMessage("real ultrasound: skipped: " + e));
    return new Inputs(sources, errors);
  }

  /**
   * One entry per source (its name, frames, pseudo-label statistics, and Dice of the three models
   * where it has labels) or per input that was not read; and, over all labelled frames, the three
   * models' Dice and the gap recovered ({@code scored}, null without labelled real ultrasound).
   */
  record Outcome(List<Map<String, Object>> sources, Map<String, Object> scored) {}

  static Outcome process(TransferConfig c, StudentStage.Teacher teacher, Path student, Path oracle, Inputs in, RunFolder run,
      TrainingListener listener) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    in.errors().forEach(e -> out.add(Map.of("error", e)));
    NetworkGeometry network = teacher.descriptor().geometry();
    int threads = c.evaluation.threads;
    try (LoadedModel t = ModelFile.load(teacher.model(), threads); LoadedModel s = ModelFile.load(student, threads)) {
      for (Source source : in.sources()) {
        ImageSource src = source.image();
        RunFolder.PseudoLabels files = run.realUltrasound(src.name());
        List<UltrasoundFrame> frames = source.frames();
        List<String> warnings = Suitability.check(s.descriptor(), src.name(), src.origin(),
            InputFit.of(src.width(), src.height(), frames.get(0).pixelMm(), src.mask(), network), List.of(src.frames()));
        warnings.forEach(w -> listener.onMessage("real ultrasound: warning: " + w));
        List<UltrasoundFrame.Square> sq = frames.stream().map(f -> f.toNetwork(network)).toList();
        // Monte-Carlo dropout draws from the engine: seeded per input, so a resumed run labels as an uninterrupted one does.
        Engine.getInstance().setRandomSeed((int) (c.student.seed + src.name().hashCode()));
        PseudoLabeller.Result pl = PseudoLabeller.label(t, DomainSwitch.MRI, sq, c.student.pseudoLabels);
        var fit = frames.get(0).fit(network);
        PseudoLabelImages.save(pl, new NetworkGeometry(network.inputSize(), fit.pixelMm() > 0 ? fit.side() * fit.pixelMm() : 0), files);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", src.name());
        m.put("frames", frames.size());
        m.put("pseudoLabels", pl.stats());
        m.put("warnings", warnings);
        if (source.labels() == null) {
          List<Segmenter.Prediction> p = UltrasoundFrames.predict(s, frames, Segmenter.Options.plain());
          LabelImages.save(LabelImages.labels(src.name() + "_student", src.width(), src.height(),
              p.stream().map(Segmenter.Prediction::labels).toList(), src.pixelWidthMm(), src.pixelHeightMm()), files.studentLabels());
          m.put("use", c.student.target.real ? "trained the student (unlabelled)" : "pseudo-labelled and segmented only");
          listener.onMessage("real ultrasound " + src.name() + ": " + frames.size() + " frames pseudo-labelled and segmented (no labels: not scored)");
        } else {
          m.put("use", "scored (labelled: never trained on)");
          m.put("labels", source.labels().getFileName().toString());
          m.put("dice", scores(teacher.model(), student, oracle, frames, threads, files::modelLabels));
          listener.onMessage("real ultrasound " + src.name() + ": " + frames.size() + " labelled frames scored");
        }
        out.add(m);
      }
    }
    List<UltrasoundFrame> labelled = in.labelled().stream().flatMap(x -> x.frames().stream()).toList();
    return new Outcome(out, labelled.isEmpty() ? null : pooled(teacher.model(), student, oracle, labelled, threads, run));
  }

  /** Dice of the three models on {@code frames}; each model's labels are saved where {@code labels} says. */
  private static Map<String, ClassDice> scores(Path teacher, Path student, Path oracle, List<UltrasoundFrame> frames, int threads,
      Function<String, Path> labels) throws IOException {
    Map<String, ClassDice> d = new LinkedHashMap<>();
    d.put(RunFolder.TEACHER, TestScores.of(teacher, frames, threads, labels.apply(RunFolder.TEACHER)).dice());
    d.put(RunFolder.STUDENT, TestScores.of(student, frames, threads, labels.apply(RunFolder.STUDENT)).dice());
    d.put(RunFolder.ORACLE, TestScores.of(oracle, frames, threads, labels.apply(RunFolder.ORACLE)).dice());
    return d;
  }

  /** The three models over every labelled real frame, pooled, and the share of the gap the student recovered there. */
  private static Map<String, Object> pooled(Path teacher, Path student, Path oracle, List<UltrasoundFrame> frames, int threads,
      RunFolder run) throws IOException {
    Map<String, ClassDice> d = scores(teacher, student, oracle, frames, threads, run::realUltrasoundLabels);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("frames", frames.size());
    m.put("teacherOnUltrasound", d.get(RunFolder.TEACHER));
    m.put("student", d.get(RunFolder.STUDENT));
    m.put("oracle", d.get(RunFolder.ORACLE));
    m.put("gapRecovered", GapInterval.gapRecovered(d.get(RunFolder.TEACHER), d.get(RunFolder.STUDENT), d.get(RunFolder.ORACLE)));
    return m;
  }
}
