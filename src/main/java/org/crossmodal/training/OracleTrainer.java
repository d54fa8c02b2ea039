package org.crossmodal.training;

import ai.djl.engine.Engine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.SelectionScores;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.DomainStatistics;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModeScope;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;

/**
 * The supervised upper bound: the teacher fine-tuned on ultrasound with its true labels (same start,
 * ultrasound batch norms initialised by AdaBN), the best epoch chosen on labelled validation
 * ultrasound. Only evaluation uses it; the student never sees these labels. A checkpoint after every
 * epoch lets a killed run resume.
 */
public final class OracleTrainer {
  private OracleTrainer() {}

  public static Path train(TransferConfig.Oracle c, Path teacher, List<UltrasoundFrame.Square> train,
      List<UltrasoundFrame.Square> validation, Path outDir, TrainingListener listener) throws IOException {
    RunFolder.Models folder = RunFolder.Models.oracle(outDir);
    Checkpoint checkpoint = new Checkpoint(folder.checkpoint());
    checkpoint.removeLeftovers(outDir);
    String fingerprint = Json.MAPPER.writeValueAsString(c) + teacher.getFileName() + train.size() + "/" + validation.size();
    Checkpoint.State state = checkpoint.load(fingerprint);
    try (LoadedModel model = ModelFile.load(teacher, c.threads)) {
      int size = model.descriptor().inputSize();
      if (state == null) {
        state = new Checkpoint.State();
        state.fingerprint = fingerprint;
        if (!model.descriptor().domains().contains(ModelDescriptor.ULTRASOUND)) DomainStatistics.copyMriToUltrasound(model.net());
        // The statistics pass runs dropout: seeded, so that it does not depend on what this JVM ran before (a resumed run).
        Engine.getInstance().setRandomSeed((int) c.seed);
        DomainStatistics.estimate(model.net(), model.model().getNDManager(),
            train.stream().map(UltrasoundFrame.Square::image).toList(), size, 16, 3);
      }
      List<LabelledSlice> slices = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) slices.add(new LabelledSlice(i, size, train.get(i).image(), train.get(i).truth(), train.get(i).sector()));
      try (SegmentationTraining t = new SegmentationTraining(model, c.batchSize, c.learningRate, c.seed, c.epochs)) {
        if (state.completedEpochs > 0) {
          Checkpoint.load(model.net(), model.model().getNDManager(), checkpoint.read(Checkpoint.LAST));
          t.restoreOptimizerState(checkpoint.optimizer());
          listener.onMessage("resuming the oracle after epoch " + state.completedEpochs);
        }
        for (int e = state.completedEpochs; e < c.epochs; e++) {
          final int epoch = e;
          double loss;
          try (ModeScope ultrasound = model.net().domain().use(DomainSwitch.ULTRASOUND)) {
            loss = t.epoch(e, slices, true, (s, steps, l) -> listener.onStep(epoch + 1, c.epochs, s + 1, steps, l, Double.NaN));
          }
          @SuppressWarnings("unchecked")
          ClassDice val = ClassDice.of((Map<String, Double>) SelectionScores.of(model, DomainSwitch.ULTRASOUND, validation).get("trueDice"));
          Map<String, Object> h = new LinkedHashMap<>();
          h.put("epoch", e + 1);
          h.put("loss", loss);
          h.put("validationDice", val.values());
          state.history.add(h);
          listener.onEpoch(e + 1, c.epochs, loss, val.values(), Double.NaN);
          Map<String, byte[]> networks = new LinkedHashMap<>();
          networks.put(Checkpoint.LAST, Checkpoint.parameters(model.net()));
          if (val.meanForeground() > state.bestScore) {
            state.bestScore = val.meanForeground();
            state.bestEpoch = e + 1;
            networks.put(Checkpoint.BEST, networks.get(Checkpoint.LAST));
          }
          state.completedEpochs = e + 1;
          checkpoint.save(state, networks, t.optimizerState());
          if (listener.cancelRequested()) throw new TrainingCancelledException(outDir, state.completedEpochs);
        }
      }
      // No epoch at all (0 configured) keeps the teacher with its AdaBN statistics.
      if (state.bestEpoch > 0) Checkpoint.load(model.net(), model.model().getNDManager(), checkpoint.read(Checkpoint.BEST));
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("bestEpoch", state.bestEpoch);
      metrics.put("history", state.history);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("teacher", teacher.getFileName().toString());
      provenance.put("ultrasoundFrames", train.size());
      provenance.put("labels", "simulator ground truth (oracle: supervised upper bound)");
      provenance.put("engine", org.crossmodal.model.Engines.provenance());
      Path file = folder.model();
      ModelFile.save(file, model.net(), model.descriptor().withKind("oracle", provenance, metrics,
          List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND)));
      if (!checkpoint.delete()) listener.onMessage("kept " + checkpoint.dir() + ": it holds files the oracle did not write");
      return file;
    }
  }
}
