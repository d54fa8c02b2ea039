package org.crossmodal.transfer;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.data.Augmenter;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.AdaptationNet;
import org.crossmodal.model.DomainStatistics;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.Engines;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.SegmentationLoss;
import org.crossmodal.model.UNet;

/**
 * Trains the student from the teacher without ultrasound labels. Each self-training round
 * pseudo-labels the ultrasound (round 1 with the teacher, later with the mean teacher or the
 * student), then trains on labelled MRI plus pseudo-labelled ultrasound with the adaptation layers
 * the configuration switches on. After every epoch a label-free score on validation ultrasound
 * picks the model kept; a checkpoint after every round lets a killed run resume.
 */
public final class StudentTrainer {
  public static final String MODEL_FILE = "student.model.zip";
  private static final int CLASSIFIER_UNITS = 32;
  private static final float MEAN_TEACHER_NOISE = 0.15f;

  /** The data a student learns from; {@code usValidation} is for model selection (its truth is never read). */
  public record Inputs(Path teacherModel, List<LabelledSlice> mri, List<UltrasoundFrame.Square> usTrain,
      List<UltrasoundFrame.Square> usValidation) {}

  /**
   * Sees each round's pseudo-labels (to save them as images, or to measure them where truth exists);
   * what it returns is added to the round's statistics.
   */
  public interface PseudoLabelSink {
    Map<String, Object> accept(int round, PseudoLabeller.Result result) throws IOException;
  }

  /** What survives a kill: rounds done, the best score so far, history, and parameters (Base64). */
  public static final class State {
    public String fingerprint;
    /** Rounds finished, counting the warm-up as round 0. */
    public int completedRounds;
    public int epochsDone;
    public double bestScore = Double.NEGATIVE_INFINITY;
    public String bestAt = "start";
    public List<Map<String, Object>> history = new ArrayList<>();
    public List<Map<String, Object>> pseudoLabels = new ArrayList<>();
    public String student, meanTeacher, classifier, best;
    /** Adam's moments and counts ({@link AdamState}), so a resumed run optimises on as if never stopped. */
    public String optimizer;
  }

  private StudentTrainer() {}

  public static Path train(StudentConfig c, Inputs in, Path outDir, TrainingListener listener, PseudoLabelSink sink)
      throws IOException {
    Engines.pytorch(c.threads);
    Engine.getInstance().setRandomSeed((int) c.seed);
    Path stateFile = outDir.resolve("checkpoint").resolve("student-state.json");
    new Checkpoint(stateFile.getParent()).removeLeftovers(outDir);
    String fingerprint = Json.MAPPER.writeValueAsString(c) + in.teacherModel().getFileName() + in.mri().size() + "/"
        + in.usTrain().size() + "/" + in.usValidation().size();
    State state = Files.exists(stateFile) ? Json.MAPPER.readValue(stateFile.toFile(), State.class) : null;
    if (state != null && !fingerprint.equals(state.fingerprint)) state = null;
    boolean dsbn = c.adaptation.domainBatchNorm;
    int usDomain = dsbn ? DomainSwitch.ULTRASOUND : DomainSwitch.MRI;
    try (LoadedModel student = ModelFile.load(in.teacherModel(), c.threads);
         LoadedModel ema = ModelFile.load(in.teacherModel(), c.threads)) {
      UNet unet = student.net();
      int size = student.descriptor().inputSize();
      for (var p : ema.net().getParameters()) p.getValue().freeze(true);
      Model wrapper = Model.newInstance("student-training");
      try {
        AdaptationNet net = new AdaptationNet(unet, CLASSIFIER_UNITS);
        wrapper.setBlock(net);
        net.initialize(wrapper.getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
        if (state != null) {
          load(unet, student, state.student);
          load(net.classifier(), wrapper, state.classifier);
          load(ema.net(), ema, state.meanTeacher);
          listener.onMessage("resuming the student after round " + (state.completedRounds - 1));
        } else {
          state = new State();
          state.fingerprint = fingerprint;
          if (dsbn) {
            DomainStatistics.copyMriToUltrasound(unet);
            DomainStatistics.estimate(unet, student.model().getNDManager(),
                in.usTrain().stream().map(UltrasoundFrame.Square::image).toList(), size, 16, 3);
            listener.onMessage("AdaBN: ultrasound batch-norm statistics estimated from " + in.usTrain().size() + " frames");
          }
          copy(unet, ema.net());
          Map<String, Object> start = SelectionScores.of(student, usDomain, in.usValidation());
          start.put("round", 0);
          start.put("epoch", 0);
          state.history.add(start);
          state.bestScore = score(c.selection, start);
          state.best = encode(unet);
          listener.onMessage("start: " + describe(start));
        }
        Run run = new Run(c, in, student, ema, net, wrapper, usDomain, listener);
        if (state.optimizer != null) AdamState.restore(run.optimizer, net, Base64.getDecoder().decode(state.optimizer));
        List<LabelledSlice> unlabelled = new ArrayList<>();
        for (int i = 0; i < in.usTrain().size(); i++) {
          byte[] none = new byte[size * size];
          Arrays.fill(none, PseudoLabeller.IGNORED);
          unlabelled.add(new LabelledSlice(i, size, in.usTrain().get(i).image(), none));
        }
        // Round 0 is the warm-up: no pseudo-labels yet.
        for (int round = state.completedRounds; round <= c.rounds; round++) {
          List<LabelledSlice> us = unlabelled;
          int epochs = round == 0 ? c.warmupEpochs : c.epochsPerRound;
          if (round > 0) {
            LoadedModel labeller = c.adaptation.meanTeacher && (round > 1 || c.warmupEpochs > 0) ? ema : student;
            // Monte-Carlo dropout draws from the engine: seeded per round, so a resumed round draws the same.
            Engine.getInstance().setRandomSeed((int) (c.seed + 104_729L * round));
            PseudoLabeller.Result labels = PseudoLabeller.label(labeller, usDomain, in.usTrain(), c.pseudoLabels);
            Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("round", round);
            stats.putAll(labels.stats());
            stats.putAll(sink.accept(round, labels));
            state.pseudoLabels.add(stats);
            listener.onMessage("round " + round + " pseudo-labels: kept " + pct((Double) stats.get("keptFractionAll"))
                + " of ultrasound pixels; class balance " + percentages(stats.get("classBalance")));
            us = new ArrayList<>();
            for (int i = 0; i < in.usTrain().size(); i++) {
              us.add(new LabelledSlice(i, size, in.usTrain().get(i).image(), labels.frames().get(i).labels()));
            }
          }
          for (int e = 0; e < epochs; e++) {
            int epoch = state.epochsDone;
            double loss = run.epoch(epoch, us, round > 0);
            state.epochsDone++;
            Map<String, Object> h = SelectionScores.of(student, usDomain, in.usValidation());
            h.put("round", round);
            h.put("epoch", epoch + 1);
            h.put("loss", loss);
            state.history.add(h);
            double s = score(c.selection, h);
            if (s > state.bestScore) {
              state.bestScore = s;
              state.bestAt = "epoch " + (epoch + 1);
              state.best = encode(unet);
            }
            listener.onMessage("epoch " + (epoch + 1) + "/" + run.epochs() + (round == 0 ? " (warm-up)" : "") + " loss "
                + String.format("%.4f", loss) + " " + describe(h));
          }
          state.completedRounds = round + 1;
          state.student = encode(unet);
          state.classifier = encode(net.classifier());
          state.meanTeacher = encode(ema.net());
          state.optimizer = Base64.getEncoder().encodeToString(AdamState.save(run.optimizer, net));
          Json.write(stateFile, state);
          if (listener.cancelRequested()) throw new TrainingCancelledException(outDir, round == 0 ? "the warm-up" : "round " + round);
        }
        load(unet, student, state.best);
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("selection", c.selection);
        metrics.put("selectedAt", state.bestAt);
        metrics.put("selectionScore", state.bestScore);
        metrics.put("history", state.history);
        metrics.put("pseudoLabels", state.pseudoLabels);
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("teacher", in.teacherModel().getFileName().toString());
        provenance.put("teacherProvenance", student.descriptor().provenance());
        provenance.put("adaptation", c);
        provenance.put("mriSlices", in.mri().size());
        provenance.put("ultrasoundFrames", in.usTrain().size());
        provenance.put("engine", Engines.provenance());
        ModelDescriptor d = student.descriptor().withKind("student", provenance, metrics,
            dsbn ? List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND) : List.of(ModelDescriptor.MRI));
        Path file = outDir.resolve(MODEL_FILE);
        ModelFile.save(file, unet, d);
        Files.deleteIfExists(stateFile);
        // Its only file is gone: the folder, which resumes no run now, goes too (unless someone put a file there).
        if (!Checkpoint.removeIfEmpty(stateFile.getParent())) {
          listener.onMessage("kept " + stateFile.getParent() + ": it holds files the student did not write");
        }
        return file;
      } finally {
        wrapper.close();
      }
    }
  }

  /** An epoch's score under the selection rule: the best-scoring epoch is kept (for {@code last}, the latest). */
  static double score(String selection, Map<String, Object> h) {
    if (StudentConfig.LAST.equals(selection)) return ((Number) h.get("epoch")).doubleValue();
    Object v = h.get(selection);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException("unknown selection '" + selection + "' (flipAgreement, entropy or " + StudentConfig.LAST + ")");
    }
    return n.doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static String describe(Map<String, Object> h) {
    String s = String.format("flip agreement %.3f, entropy %.3f", (Double) h.get("flipAgreement"), -(Double) h.get("entropy"));
    Object t = h.get("trueDice");
    if (t != null) s += String.format(" (true Dice, not used: %.3f)", ((Map<String, Double>) t).get("meanForeground"));
    return s;
  }

  @SuppressWarnings("unchecked")
  private static String percentages(Object shares) {
    StringBuilder b = new StringBuilder();
    ((Map<String, Double>) shares).forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(pct(v)));
    return b.toString();
  }

  private static String pct(double f) {
    return String.format("%.1f %%", 100 * f);
  }

  /** The training loop with its optimiser, sharing the U-Net with the caller. */
  private static final class Run {
    private final StudentConfig c;
    private final Inputs in;
    private final LoadedModel student, ema;
    private final AdaptationNet net;
    private final Trainer trainer;
    private final Optimizer optimizer;
    private final int usDomain, size, totalSteps;
    private final SegmentationLoss segLoss;
    private final TrainingBatch.EpochRate rate;
    private int stepsDone;
    private boolean pseudoLabelled;

    Run(StudentConfig c, Inputs in, LoadedModel student, LoadedModel ema, AdaptationNet net, Model wrapper, int usDomain,
        TrainingListener listener) {
      this.c = c;
      this.in = in;
      this.student = student;
      this.ema = ema;
      this.net = net;
      this.usDomain = usDomain;
      this.size = student.descriptor().inputSize();
      this.segLoss = new SegmentationLoss(student.descriptor().classes().size());
      this.rate = new TrainingBatch.EpochRate(c.learningRate, 0.1, epochs());
      this.optimizer = Optimizer.adam().optLearningRateTracker(rate).build();
      this.trainer = wrapper.newTrainer(new DefaultTrainingConfig(segLoss).optOptimizer(optimizer));
      int steps = (in.usTrain().size() + c.batchSize - 1) / c.batchSize;
      this.totalSteps = steps * epochs();
      this.listener = listener;
    }

    private final TrainingListener listener;

    int epochs() {
      return c.warmupEpochs + c.rounds * c.epochsPerRound;
    }

    /** One pass over the ultrasound frames; {@code pseudoLabelled}: whether their labels count. */
    double epoch(int epoch, List<LabelledSlice> us, boolean pseudoLabelled) {
      this.pseudoLabelled = pseudoLabelled;
      int epochs = epochs();
      rate.startEpoch(epoch);
      stepsDone = epoch * ((us.size() + c.batchSize - 1) / c.batchSize);
      Random order = new Random(c.seed * 1_000_003L + epoch);
      Engine.getInstance().setRandomSeed((int) (c.seed + 7919L * epoch));
      List<LabelledSlice> usOrder = new ArrayList<>(us), mriOrder = new ArrayList<>(in.mri());
      Collections.shuffle(usOrder, order);
      Collections.shuffle(mriOrder, order);
      int steps = (usOrder.size() + c.batchSize - 1) / c.batchSize;
      double total = 0;
      for (int s = 0; s < steps; s++) {
        List<LabelledSlice> ub = new ArrayList<>(), mb = new ArrayList<>();
        for (int i = s * c.batchSize; i < Math.min(usOrder.size(), (s + 1) * c.batchSize); i++) {
          ub.add(Augmenter.augment(usOrder.get(i), new Random(order.nextLong())));
        }
        for (int i = 0; i < ub.size(); i++) {
          mb.add(Augmenter.augment(mriOrder.get((s * c.batchSize + i) % mriOrder.size()), new Random(order.nextLong())));
        }
        double loss = step(mb, ub, epoch, s);
        total += loss;
        stepsDone++;
        listener.onStep(epoch + 1, epochs, s + 1, steps, loss, Double.NaN);
      }
      return total / steps;
    }

    private double step(List<LabelledSlice> mri, List<LabelledSlice> us, int epoch, int stepNo) {
      StudentConfig.Adaptation a = c.adaptation;
      double progress = stepsDone / (double) Math.max(1, totalSteps);
      float ramp = (float) (2 / (1 + Math.exp(-10 * progress)) - 1);
      net.classifier().setReversalWeight((float) (a.adversarialWeight * ramp));
      UNet unet = net.unet();
      double loss;
      try (NDManager sub = trainer.getManager().newSubManager()) {
        NDList mriBatch = TrainingBatch.of(sub, mri, size), usBatch = TrainingBatch.of(sub, us, size);
        // One graph at a time: the MRI loss is back-propagated before the ultrasound forward pass, and
        // the gradients add up as for the summed loss. With both graphs alive at once the result
        // depended on when the JVM collected garbage (docs/transfer.md, "Run to run").
        try (GradientCollector gc = trainer.newGradientCollector()) {
          int both = mri.size() + us.size();
          unet.domain().select(DomainSwitch.MRI);
          NDList outM = trainer.forward(new NDList(mriBatch.get(0)));
          NDArray lm = segLoss.evaluate(new NDList(mriBatch.get(1), mriBatch.get(2)), outM);
          if (a.adversarial) lm = lm.add(domainLoss(outM.get(2), DomainSwitch.MRI, both));
          loss = finite(lm.getFloat(), epoch, stepNo);
          gc.backward(lm);
          unet.domain().select(usDomain);
          NDList outU = trainer.forward(new NDList(usBatch.get(0)));
          NDArray lu = null;
          if (a.pseudoLabels && pseudoLabelled) {
            NDList labels = new NDList(usBatch.get(1), usBatch.get(2));
            lu = UltrasoundTargets.pseudoLabelLoss(segLoss, labels, outU, a.ultrasoundForegroundOnly).mul((float) a.pseudoLabelWeight);
          }
          if (a.adversarial) lu = plus(lu, domainLoss(outU.get(2), DomainSwitch.ULTRASOUND, both));
          if (a.meanTeacher) {
            NDArray noisy = usBatch.get(0).add(sub.randomNormal(0, MEAN_TEACHER_NOISE, usBatch.get(0).getShape(), DataType.FLOAT32));
            ema.net().domain().select(usDomain);
            NDArray target = ema.net().forward(new ParameterStore(sub, false), new NDList(noisy), false).head().softmax(1).stopGradient();
            NDArray consistency = UltrasoundTargets.consistency(outU.get(0).softmax(1), target, a.ultrasoundForegroundOnly);
            lu = plus(lu, consistency.mul((float) (a.consistencyWeight * ramp)));
          }
          if (lu != null) {
            loss += finite(lu.getFloat(), epoch, stepNo);
            gc.backward(lu);
          }
        }
        FiniteGradients.require(net, epoch + 1, stepNo + 1);
        trainer.step();
        unet.domain().select(DomainSwitch.MRI);
      }
      updateMeanTeacher();
      return loss;
    }

    /**
     * This domain's share of the domain classifier's cross-entropy over the MRI and ultrasound
     * images of a step ({@code both} of them): the two shares add up to its mean over the step.
     */
    private static NDArray domainLoss(NDArray logits, int domain, int both) {
      return logits.logSoftmax(1).get(":, " + domain).sum().neg().div(both);
    }

    private static double finite(double loss, int epoch, int step) {
      if (!Double.isFinite(loss)) throw new NonFiniteTrainingException("loss", epoch + 1, step + 1);
      return loss;
    }

    private static NDArray plus(NDArray sum, NDArray term) {
      return sum == null ? term : sum.add(term);
    }

    /** ema ← d·ema + (1−d)·student, for weights and batch-norm statistics alike. */
    private void updateMeanTeacher() {
      float d = (float) c.adaptation.emaDecay;
      Engines.withoutGradients(() -> {
        for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(net.unet(), ema.net())) {
          NDArray e = p.getValue().getArray();
          try (NDArray scaled = p.getKey().getArray().mul(1 - d)) {
            e.muli(d).addi(scaled);
          }
        }
        return null;
      });
    }
  }

  private static void copy(UNet from, UNet to) {
    Engines.withoutGradients(() -> {
      for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(from, to)) p.getKey().getArray().copyTo(p.getValue().getArray());
      return null;
    });
  }

  private static String encode(ai.djl.nn.Block b) throws IOException {
    return Base64.getEncoder().encodeToString(Checkpoint.parameters(b));
  }

  private static void load(ai.djl.nn.Block b, LoadedModel owner, String encoded) throws IOException {
    load(b, owner.model(), encoded);
  }

  private static void load(ai.djl.nn.Block b, Model owner, String encoded) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(encoded)))) {
      b.loadParameters(owner.getNDManager(), in);
      Checkpoint.attachGradients(b);
    } catch (ai.djl.MalformedModelException e) {
      throw new IOException("student checkpoint does not fit the network (" + e.getMessage() + ")", e);
    }
  }
}
