package org.crossmodal.training;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.io.RunFolder;
import org.crossmodal.io.Json;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.Engines;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.TrainedFor;
import org.crossmodal.model.UNetConfig;
import org.crossmodal.model.WeightAverage;
import org.crossmodal.simulate.ProbeModel;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.evaluation.Dice;

/**
 * Trains the MRI teacher: U-Net on labelled MRI slices, validation Dice per class every epoch,
 * early stopping, a checkpoint every epoch (a killed run resumes from the last completed epoch),
 * then test Dice on the held-out slice blocks, written into the model file's descriptor.
 */
public final class TeacherTrainer {
  private TeacherTrainer() {}

  public static Path train(TeacherConfig config, Path outDir, TrainingListener listener) throws IOException {
    Engines.pytorch(config.training.threads);
    return train(config, TeacherData.load(config.data), outDir, listener);
  }

  /**
   * Trains on {@code data} instead of the volumes {@code config} names, e.g. labelled volumes held in
   * memory ({@link TeacherData#of}); {@code config} supplies the recipe, network and training.
   */
  public static Path train(TeacherConfig config, TeacherData data, Path outDir, TrainingListener listener) throws IOException {
    Engines.pytorch(config.training.threads);
    List<String> classes = config.data.recipe.classNames();
    UNetConfig arch = new UNetConfig(config.network.depth, config.network.baseChannels, 1, classes.size(),
        config.network.dropout, 2);
    TeacherConfig.Training t = config.training;
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("files", data.fileHashes());
    provenance.put("split", data.split());
    if (data.subjects().size() > 1) provenance.put("subjects", data.subjects());
    provenance.put("recipe", config.data.recipe);
    provenance.put("slices", data.slices().size());
    provenance.put("engine", Engines.provenance());
    ModelDescriptor skeleton = new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", arch, classes, config.data.size,
        data.fieldOfViewMm(), ModelDescriptor.NORMALISATION, provenance, t.seed, versions(), Map.of(), null)
        .withTrainedFor(trainedFor(config.data, data));
    String fingerprint = Json.MAPPER.writeValueAsString(config) + Json.MAPPER.writeValueAsString(data.fileHashes());
    RunFolder.Models folder = RunFolder.Models.teacher(outDir);
    NetworkGeometry geometry = skeleton.geometry();

    List<LabelledSlice> train = data.subset(data.split().train());
    List<LabelledSlice> val = data.subset(data.split().validation());
    List<LabelledSlice> test = data.subset(data.split().test());
    TeacherConfig.Data dc = config.data;
    TrainingViews views = new TrainingViews(data, geometry);
    // Validation and test also score the anatomy as a transcranial probe frames it, plain and with a random B-mode look.
    List<LabelledSlice> valAll = new ArrayList<>(val);
    valAll.addAll(views.fixed(data.split().validation(), dc.evaluationViews / 4, ProbeModel.TRANSCRANIAL, false, t.seed + 12));
    valAll.addAll(views.fixed(data.split().validation(), dc.evaluationViews / 4, ProbeModel.TRANSCRANIAL, true, t.seed + 13));
    List<LabelledSlice> testViews = views.fixed(data.split().test(), dc.evaluationViews, ProbeModel.TRANSCRANIAL, false, t.seed + 14);
    List<LabelledSlice> testLooks = views.fixed(data.split().test(), dc.evaluationViews, ProbeModel.TRANSCRANIAL, true, t.seed + 15);
    Checkpoint checkpoint = new Checkpoint(folder.checkpoint());
    checkpoint.removeLeftovers(outDir);
    // Views with an ultrasound look train batch norms of their own: the teacher's ultrasound ones.
    boolean lookDomains = dc.lookDomain && dc.probeViews > 0 && dc.randomLook > 0;
    try (LoadedModel model = LoadedModel.create(skeleton, t.threads);
         SegmentationTraining training = new SegmentationTraining(model, t.batchSize, t.learningRate, t.seed, t.epochs, lookDomains);
         LoadedModel averaged = t.averageDecay > 0 ? LoadedModel.create(skeleton, t.threads) : null) {
      // Made after the teacher's own weights were drawn, so that the teacher trains the same with or without it.
      WeightAverage average = averaged == null ? null : new WeightAverage(model.net(), averaged.net());
      if (averaged != null) ModelFile.initialise(averaged.net(), averaged.model(), config.data.size);
      LoadedModel kept = averaged == null ? model : averaged;
      Checkpoint.State state = checkpoint.load(fingerprint);
      if (state != null) {
        Checkpoint.load(model.net(), model.model().getNDManager(), checkpoint.read(Checkpoint.LAST));
        if (average != null) Checkpoint.load(averaged.net(), averaged.model().getNDManager(), checkpoint.read(Checkpoint.AVERAGE));
        training.restoreOptimizerState(checkpoint.optimizer());
        listener.onMessage("resuming from the checkpoint after epoch " + state.completedEpochs);
      } else {
        state = new Checkpoint.State();
        state.fingerprint = fingerprint;
        if (average != null) average.restart();
      }
      Segmenter segmenter = new Segmenter(kept, 16), looks = new Segmenter(kept, 16, lookDomains ? DomainSwitch.ULTRASOUND : DomainSwitch.MRI);
      int stepsPerEpoch = (train.size() + t.batchSize - 1) / t.batchSize;
      long started = System.nanoTime();
      int stepsDone = 0;
      while (continues(t, state)) {
        int epoch = state.completedEpochs;
        final long t0 = started;
        final int before = stepsDone;
        final int remainingEpochs = t.epochs - epoch;
        List<LabelledSlice> epochSlices = views.epoch(data.split().train(), TrainingViews.mix(dc, epoch), t.seed, epoch);
        double loss = training.epoch(epoch, epochSlices, t.augment, (s, steps, l) -> {
          if (average != null) average.update(WeightAverage.warmedUp(t.averageDecay, (long) epoch * steps + s));
          double perStep = (System.nanoTime() - t0) / 1e9 / (before + s + 1);
          listener.onStep(epoch + 1, t.epochs, s + 1, steps, l, perStep * (remainingEpochs * (double) steps - s - 1));
        });
        stepsDone += stepsPerEpoch;
        ClassDice valDice = dice(segmenter, looks, valAll, classes);
        double score = valDice.meanForeground();
        boolean best = score > state.bestScore;
        if (best) {
          state.bestScore = score;
          state.bestEpoch = epoch + 1;
          state.epochsSinceBest = 0;
        } else {
          state.epochsSinceBest++;
        }
        state.completedEpochs = epoch + 1;
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("epoch", epoch + 1);
        h.put("loss", loss);
        h.put("validationDice", valDice);
        state.history.add(h);
        Map<String, byte[]> networks = new LinkedHashMap<>();
        networks.put(Checkpoint.LAST, Checkpoint.parameters(model.net()));
        if (average != null) networks.put(Checkpoint.AVERAGE, Checkpoint.parameters(averaged.net()));
        if (best) networks.put(Checkpoint.BEST, networks.get(average != null ? Checkpoint.AVERAGE : Checkpoint.LAST));
        checkpoint.save(state, networks, training.optimizerState());
        double perEpoch = (System.nanoTime() - started) / 1e9 / Math.max(1, stepsDone / (double) stepsPerEpoch);
        listener.onEpoch(epoch + 1, t.epochs, loss, valDice.values(), perEpoch * (t.epochs - epoch - 1));
        if (listener.cancelRequested()) {
          throw new TrainingCancelledException(outDir, state.completedEpochs);
        }
      }
      Checkpoint.load(kept.net(), kept.model().getNDManager(), checkpoint.read(Checkpoint.BEST));
      ClassDice testDice = dice(segmenter, looks, test, classes);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("testDice", testDice);
      metrics.put("testDiceProbeViews", dice(segmenter, looks, testViews, classes));
      metrics.put("testDiceRandomLook", dice(segmenter, looks, testLooks, classes));
      metrics.put("validationDice", state.history.get(state.bestEpoch - 1).get("validationDice"));
      metrics.put("bestEpoch", state.bestEpoch);
      metrics.put("epochsTrained", state.completedEpochs);
      metrics.put("history", state.history);
      ModelDescriptor done = skeleton.withKind(skeleton.kind(), skeleton.provenance(), metrics,
          lookDomains ? List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND) : List.of(ModelDescriptor.MRI));
      Path file = folder.model();
      ModelFile.save(file, kept.net(), done);
      if (!checkpoint.delete()) listener.onMessage("kept " + checkpoint.dir() + ": it holds files the teacher did not write");
      return file;
    }
  }

  /** Another epoch is due: not all have run, and (with early stopping on) a better one came within {@code patience}. */
  static boolean continues(TeacherConfig.Training t, Checkpoint.State state) {
    return state.completedEpochs < t.epochs && (t.patience <= 0 || state.epochsSinceBest < t.patience);
  }

  /** MRI of the configured anatomy, with the grey values of the training volume (1st to 99th percentile). */
  static TrainedFor trainedFor(TeacherConfig.Data d, TeacherData data) {
    float[] v = data.image().voxels();
    int step = Math.max(1, v.length / 200_000);
    float[] sample = new float[(v.length + step - 1) / step];
    for (int i = 0, k = 0; i < v.length && k < sample.length; i += step) sample[k++] = v[i];
    java.util.Arrays.sort(sample);
    return new TrainedFor(List.of(TrainedFor.MR), d.anatomy, d.bodyParts, Map.of())
        .withRange(TrainedFor.MR, sample[(int) (0.01 * (sample.length - 1))], sample[(int) (0.99 * (sample.length - 1))]);
  }

  /** Dice over labelled squares, those with an ultrasound look segmented by {@code looks}, the others by {@code mri}. */
  static ClassDice dice(Segmenter mri, Segmenter looks, List<LabelledSlice> slices, List<String> classes) {
    List<byte[]> predicted = new ArrayList<>(), truth = new ArrayList<>();
    for (boolean look : new boolean[] {false, true}) {
      List<LabelledSlice> part = slices.stream().filter(s -> s.ultrasoundLike() == look).toList();
      if (part.isEmpty()) continue;
      List<float[][]> probs = (look ? looks : mri).predictSquares(part.stream().map(LabelledSlice::image).toList(), Segmenter.Options.plain());
      for (int i = 0; i < part.size(); i++) {
        predicted.add(Segmenter.argmax(probs.get(i)));
        truth.add(part.get(i).labels());
      }
    }
    return Dice.perClass(predicted, truth, classes);
  }

  public static Map<String, String> versions() {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("crossmodal", String.valueOf(TeacherTrainer.class.getPackage().getImplementationVersion()));
    v.put("djl", Engine.getDjlVersion());
    v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
    v.put("java", System.getProperty("java.version"));
    return v;
  }
}
