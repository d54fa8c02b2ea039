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
import org.crossmodal.model.Engines;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.model.UNetConfig;
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
    TeacherData data = TeacherData.load(config.data);
    List<String> classes = config.data.recipe.classNames();
    UNetConfig arch = new UNetConfig(config.network.depth, config.network.baseChannels, 1, classes.size(),
        config.network.dropout, 2);
    TeacherConfig.Training t = config.training;
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("files", data.fileHashes());
    provenance.put("split", data.split());
    provenance.put("recipe", config.data.recipe);
    provenance.put("slices", data.slices().size());
    provenance.put("engine", Engines.provenance());
    ModelDescriptor skeleton = new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", arch, classes, config.data.size,
        data.fieldOfViewMm(), ModelDescriptor.NORMALISATION, provenance, t.seed, versions(), Map.of(), null);
    String fingerprint = Json.MAPPER.writeValueAsString(config) + Json.MAPPER.writeValueAsString(data.fileHashes());
    RunFolder.Models folder = RunFolder.Models.teacher(outDir);
    NetworkGeometry geometry = skeleton.geometry();

    List<LabelledSlice> train = data.subset(data.split().train());
    List<LabelledSlice> val = data.subset(data.split().validation());
    List<LabelledSlice> test = data.subset(data.split().test());
    TeacherConfig.Data dc = config.data;
    boolean views = dc.probeViews > 0;
    List<LabelledSlice> trainViews = views ? ProbeViews.of(data, data.split().train(), dc.viewsPerSlice, t.seed + 11, geometry,
        ProbeViews.Appearance.PLAIN) : List.of();
    // Validation and test also score the anatomy in the probe's geometry when the teacher learns it.
    List<LabelledSlice> valViews = views ? ProbeViews.of(data, data.split().validation(), 1, t.seed + 12, geometry, ProbeViews.Appearance.PLAIN) : List.of();
    List<LabelledSlice> testViews = views ? ProbeViews.of(data, data.split().test(), 1, t.seed + 13, geometry, ProbeViews.Appearance.PLAIN) : List.of();
    List<LabelledSlice> valAll = new ArrayList<>(val);
    valAll.addAll(valViews);
    Checkpoint checkpoint = new Checkpoint(folder.checkpoint());
    checkpoint.removeLeftovers(outDir);
    try (LoadedModel model = LoadedModel.create(skeleton, t.threads);
         SegmentationTraining training = new SegmentationTraining(model, t.batchSize, t.learningRate, t.seed, t.epochs)) {
      Checkpoint.State state = checkpoint.load(fingerprint);
      if (state != null) {
        Checkpoint.load(model.net(), model.model().getNDManager(), checkpoint.read(Checkpoint.LAST));
        training.restoreOptimizerState(checkpoint.optimizer());
        listener.onMessage("resuming from the checkpoint after epoch " + state.completedEpochs);
      } else {
        state = new Checkpoint.State();
        state.fingerprint = fingerprint;
      }
      Segmenter segmenter = new Segmenter(model, 16);
      int stepsPerEpoch = (train.size() + t.batchSize - 1) / t.batchSize;
      long started = System.nanoTime();
      int stepsDone = 0;
      while (state.completedEpochs < t.epochs && state.epochsSinceBest < t.patience) {
        int epoch = state.completedEpochs;
        final long t0 = started;
        final int before = stepsDone;
        final int remainingEpochs = t.epochs - epoch;
        List<LabelledSlice> epochSlices = ProbeViews.mix(train, trainViews, dc.probeViews, t.seed, epoch);
        double loss = training.epoch(epoch, epochSlices, t.augment, (s, steps, l) -> {
          double perStep = (System.nanoTime() - t0) / 1e9 / (before + s + 1);
          listener.onStep(epoch + 1, t.epochs, s + 1, steps, l, perStep * (remainingEpochs * (double) steps - s - 1));
        });
        stepsDone += stepsPerEpoch;
        ClassDice valDice = dice(segmenter, valAll, classes);
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
        if (best) networks.put(Checkpoint.BEST, networks.get(Checkpoint.LAST));
        checkpoint.save(state, networks, training.optimizerState());
        double perEpoch = (System.nanoTime() - started) / 1e9 / Math.max(1, stepsDone / (double) stepsPerEpoch);
        listener.onEpoch(epoch + 1, t.epochs, loss, valDice.values(), perEpoch * (t.epochs - epoch - 1));
        if (listener.cancelRequested()) {
          throw new TrainingCancelledException(outDir, state.completedEpochs);
        }
      }
      Checkpoint.load(model.net(), model.model().getNDManager(), checkpoint.read(Checkpoint.BEST));
      ClassDice testDice = dice(segmenter, test, classes);
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("testDice", testDice);
      if (views) metrics.put("testDiceProbeViews", dice(segmenter, testViews, classes));
      metrics.put("validationDice", state.history.get(state.bestEpoch - 1).get("validationDice"));
      metrics.put("bestEpoch", state.bestEpoch);
      metrics.put("epochsTrained", state.completedEpochs);
      metrics.put("history", state.history);
      ModelDescriptor done = skeleton.withMetrics(metrics);
      Path file = folder.model();
      ModelFile.save(file, model.net(), done);
      if (!checkpoint.delete()) listener.onMessage("kept " + checkpoint.dir() + ": it holds files the teacher did not write");
      return file;
    }
  }

  static ClassDice dice(Segmenter segmenter, List<LabelledSlice> slices, List<String> classes) {
    List<float[][]> probs = segmenter.predictSquares(slices.stream().map(LabelledSlice::image).toList(), Segmenter.Options.plain());
    List<byte[]> predicted = new ArrayList<>(), truth = new ArrayList<>();
    for (int i = 0; i < slices.size(); i++) {
      predicted.add(Segmenter.argmax(probs.get(i)));
      truth.add(slices.get(i).labels());
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
