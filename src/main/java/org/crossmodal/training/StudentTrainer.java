package org.crossmodal.training;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.SelectionRule;
import org.crossmodal.evaluation.SelectionScores;
import org.crossmodal.inference.PseudoLabeller;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.AdaptationNet;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.Engines;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.SegmentationLoss;
import org.crossmodal.training.adaptation.AdaptationMethod;
import org.crossmodal.training.adaptation.Adaptations;
import org.crossmodal.training.adaptation.StudentNetworks;

/**
 * Trains the student from the teacher without ultrasound labels. Each self-training round
 * pseudo-labels the ultrasound (round 1 with the teacher, later with the mean teacher or the
 * student), then trains on labelled MRI plus pseudo-labelled ultrasound with the adaptation methods
 * the configuration switches on. After every epoch a label-free score on validation ultrasound
 * picks the model kept; a checkpoint after every round lets a killed run resume.
 */
public final class StudentTrainer {
  private static final int CLASSIFIER_UNITS = 32;

  /**
   * The data a student learns from: labelled MRI epoch by epoch (views drawn afresh each epoch);
   * {@code usValidation} is for model selection (its truth is never read); {@code calibration},
   * labelled ultrasound-like images the pseudo-labels' confidences are calibrated on (may be empty).
   */
  public record Inputs(Path teacherModel, IntFunction<List<LabelledSlice>> mri, List<UltrasoundFrame.Square> usTrain,
      List<UltrasoundFrame.Square> usValidation, List<LabelledSlice> calibration) {}

  /**
   * Sees each round's pseudo-labels (to save them as images, or to measure them where truth exists);
   * what it returns is added to the round's statistics.
   */
  public interface PseudoLabelSink {
    Map<String, Object> accept(int round, PseudoLabeller.Result result) throws IOException;
  }

  private StudentTrainer() {}

  public static Path train(StudentConfig c, Inputs in, Path outDir, TrainingListener listener, PseudoLabelSink sink) throws IOException {
    return train(c, in, outDir, listener, sink, List.of());
  }

  /** As above, with {@code extra} adaptation methods (a research script's) after the configured ones. */
  public static Path train(StudentConfig c, Inputs in, Path outDir, TrainingListener listener, PseudoLabelSink sink,
      List<AdaptationMethod.Factory> extra) throws IOException {
    Engines.pytorch(c.threads);
    Engine.getInstance().setRandomSeed((int) c.seed);
    RunFolder.Models folder = RunFolder.Models.student(outDir);
    Checkpoint checkpoint = new Checkpoint(folder.checkpoint());
    checkpoint.removeLeftovers(outDir);
    int mriImages = in.mri().apply(0).size();
    String fingerprint = Json.MAPPER.writeValueAsString(c) + in.teacherModel().getFileName() + mriImages + "/"
        + in.usTrain().size() + "/" + in.usValidation().size();
    Checkpoint.State saved = checkpoint.load(fingerprint);
    // The student and its moving average both start as the teacher. The average is loaded even with
    // the mean teacher off: loading draws from the engine's generator, and the domain classifier's
    // initial weights, drawn next, are then the same for every variant of the ablation.
    try (LoadedModel student = ModelFile.load(in.teacherModel(), c.threads);
         LoadedModel average = ModelFile.load(in.teacherModel(), c.threads);
         Model wrapper = Model.newInstance("student-training")) {
      for (var p : average.net().getParameters()) p.getValue().freeze(true);
      int size = student.descriptor().inputSize();
      AdaptationNet net = new AdaptationNet(student.net(), CLASSIFIER_UNITS);
      wrapper.setBlock(net);
      net.initialize(wrapper.getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
      StudentNetworks networks = new StudentNetworks(student, net, average, new SegmentationLoss(student.descriptor().classes().size()));
      Adaptations adaptations = Adaptations.of(c.adaptation, networks, extra);
      Run run = new Run(c, in, networks, adaptations, wrapper, checkpoint, listener);
      run.startOrResume(saved, fingerprint);
      for (int round = run.state.completedRounds; round <= c.rounds; round++) {
        run.round(round, sink);
        if (listener.cancelRequested()) throw new TrainingCancelledException(outDir, round == 0 ? "the warm-up" : "round " + round);
      }
      Path file = run.finish(folder.model());
      if (!checkpoint.delete()) listener.onMessage("kept " + checkpoint.dir() + ": it holds files the student did not write");
      return file;
    }
  }

  /** One student run: its networks, optimiser, checkpoint and the state that survives a kill. */
  private static final class Run {
    private final StudentConfig c;
    private final Inputs in;
    private final StudentNetworks networks;
    private final Adaptations adaptations;
    private final Model wrapper;
    private final Checkpoint checkpoint;
    private final TrainingListener listener;
    private final int usDomain, epochs;
    private final EpochLoop loop;
    private Optimisation optimisation;
    private Checkpoint.State state;
    private byte[] best;

    Run(StudentConfig c, Inputs in, StudentNetworks networks, Adaptations adaptations, Model wrapper, Checkpoint checkpoint,
        TrainingListener listener) {
      this.c = c;
      this.in = in;
      this.networks = networks;
      this.adaptations = adaptations;
      this.wrapper = wrapper;
      this.checkpoint = checkpoint;
      this.listener = listener;
      this.usDomain = adaptations.ultrasoundDomain();
      this.epochs = c.warmupEpochs + c.rounds * c.epochsPerRound;
      this.loop = new EpochLoop(c.batchSize, c.seed);
    }

    /** From the checkpoint, or (a fresh run) with the methods started and the teacher scored as epoch 0. */
    void startOrResume(Checkpoint.State saved, String fingerprint) throws IOException {
      if (saved != null) {
        state = saved;
        Checkpoint.load(networks.unet(), networks.student().model().getNDManager(), checkpoint.read(Checkpoint.LAST));
        Checkpoint.load(networks.net().classifier(), wrapper.getNDManager(), checkpoint.read(Checkpoint.CLASSIFIER));
        Checkpoint.load(networks.meanTeacher().net(), networks.meanTeacher().model().getNDManager(), checkpoint.read(Checkpoint.MEAN_TEACHER));
        best = checkpoint.read(Checkpoint.BEST);
        listener.onMessage("resuming the student after round " + (state.completedRounds - 1));
      } else {
        state = new Checkpoint.State();
        state.fingerprint = fingerprint;
        adaptations.start(networks, in.usTrain().stream().map(UltrasoundFrame.Square::image).toList(), listener::onMessage);
        Map<String, Object> start = SelectionScores.of(networks.student(), usDomain, in.usValidation());
        start.put("round", 0);
        start.put("epoch", 0);
        state.history.add(start);
        state.bestScore = SelectionRule.score(c.selection, start);
        state.bestEpoch = 0;
        best = Checkpoint.parameters(networks.unet());
        listener.onMessage("before training: " + describe(start));
      }
      optimisation = new Optimisation(wrapper, networks.net(), networks.loss(), c.learningRate, 0.1, epochs);
      if (saved != null) optimisation.restore(checkpoint.optimizer());
    }

    /** Round 0 is the warm-up (no pseudo-labels yet); each later round re-labels the ultrasound first. */
    void round(int round, PseudoLabelSink sink) throws IOException {
      List<LabelledSlice> us = round == 0 ? unlabelled() : pseudoLabelled(round, sink);
      StudentStep step = new StudentStep(networks, adaptations, optimisation, epochs, round > 0);
      for (int e = 0; e < (round == 0 ? c.warmupEpochs : c.epochsPerRound); e++) {
        int epoch = state.completedEpochs;
        optimisation.startEpoch(epoch);
        double loss = loop.run(epoch, us, in.mri().apply(epoch), true, step,
            (s, steps, l) -> listener.onStep(epoch + 1, epochs, s + 1, steps, l, Double.NaN));
        state.completedEpochs++;
        Map<String, Object> h = SelectionScores.of(networks.student(), usDomain, in.usValidation());
        h.put("round", round);
        h.put("epoch", epoch + 1);
        h.put("loss", loss);
        state.history.add(h);
        double s = SelectionRule.score(c.selection, h);
        if (s > state.bestScore) {
          state.bestScore = s;
          state.bestEpoch = epoch + 1;
          best = Checkpoint.parameters(networks.unet());
        }
        listener.onMessage("epoch " + (epoch + 1) + "/" + epochs + (round == 0 ? " (warm-up)" : "") + ": loss "
            + String.format("%.3f", loss) + "; " + describe(h));
      }
      state.completedRounds = round + 1;
      Map<String, byte[]> nets = new LinkedHashMap<>();
      nets.put(Checkpoint.LAST, Checkpoint.parameters(networks.unet()));
      nets.put(Checkpoint.CLASSIFIER, Checkpoint.parameters(networks.net().classifier()));
      nets.put(Checkpoint.MEAN_TEACHER, Checkpoint.parameters(networks.meanTeacher().net()));
      nets.put(Checkpoint.BEST, best);
      checkpoint.save(state, nets, optimisation.save());
    }

    private List<LabelledSlice> unlabelled() {
      int size = networks.student().descriptor().inputSize();
      List<LabelledSlice> out = new ArrayList<>();
      for (int i = 0; i < in.usTrain().size(); i++) {
        byte[] none = new byte[size * size];
        Arrays.fill(none, PseudoLabeller.IGNORED);
        out.add(new LabelledSlice(i, size, in.usTrain().get(i).image(), none, in.usTrain().get(i).sector()));
      }
      return out;
    }

    private List<LabelledSlice> pseudoLabelled(int round, PseudoLabelSink sink) throws IOException {
      LoadedModel labeller = c.adaptation.meanTeacher && (round > 1 || c.warmupEpochs > 0) ? networks.meanTeacher() : networks.student();
      // Monte-Carlo dropout draws from the engine: seeded per round, so a resumed round draws the same.
      Engine.getInstance().setRandomSeed((int) (c.seed + 104_729L * round));
      PseudoLabeller.Result labels = PseudoLabeller.label(labeller, usDomain, in.usTrain(), c.pseudoLabels, in.calibration());
      Map<String, Object> stats = new LinkedHashMap<>();
      stats.put("round", round);
      stats.putAll(labels.stats());
      stats.putAll(sink.accept(round, labels));
      state.pseudoLabels.add(stats);
      listener.onMessage("round " + round + " pseudo-labels: " + pct((Double) stats.get("keptFractionAll"))
          + " of ultrasound pixels confident enough to learn from; of those " + percentages(stats.get("classBalance")));
      int size = networks.student().descriptor().inputSize();
      List<LabelledSlice> us = new ArrayList<>();
      for (int i = 0; i < in.usTrain().size(); i++) {
        us.add(new LabelledSlice(i, size, in.usTrain().get(i).image(), labels.frames().get(i).labels(), in.usTrain().get(i).sector()));
      }
      return us;
    }

    /** The kept epoch's student as a model file, with its selection history and provenance. */
    Path finish(Path file) throws IOException {
      Checkpoint.load(networks.unet(), networks.student().model().getNDManager(), best);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("selection", c.selection);
      metrics.put("selectedAt", state.bestEpoch == 0 ? "start" : "epoch " + state.bestEpoch);
      metrics.put("selectionScore", state.bestScore);
      metrics.put("history", state.history);
      metrics.put("pseudoLabels", state.pseudoLabels);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("teacher", in.teacherModel().getFileName().toString());
      provenance.put("teacherProvenance", networks.student().descriptor().provenance());
      provenance.put("adaptation", c);
      provenance.put("mriSlices", in.mri().apply(0).size());
      provenance.put("ultrasoundFrames", in.usTrain().size());
      provenance.put("engine", Engines.provenance());
      ModelDescriptor d = networks.student().descriptor().withKind("student", provenance, metrics,
          usDomain == DomainSwitch.ULTRASOUND ? List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND) : List.of(ModelDescriptor.MRI));
      ModelFile.save(file, networks.unet(), d);
      return file;
    }
  }

  @SuppressWarnings("unchecked")
  private static String describe(Map<String, Object> h) {
    String s = String.format("label-free scores: agreement with the mirrored image %.2f, confidence %.2f", (Double) h.get("flipAgreement"),
        -(Double) h.get("entropy"));
    Object t = h.get("trueDice");
    if (t != null) {
      s += String.format(" (Dice against the simulator's truth, for reference only: %.2f)",
          ((Map<String, Double>) t).get(ClassDice.MEAN_FOREGROUND));
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static String percentages(Object shares) {
    StringBuilder b = new StringBuilder();
    ((Map<String, Double>) shares).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k.replace('_', ' ')).append(' ')
        .append(pct(v)));
    return b.toString();
  }

  private static String pct(double f) {
    return String.format("%.0f %%", 100 * f);
  }
}
