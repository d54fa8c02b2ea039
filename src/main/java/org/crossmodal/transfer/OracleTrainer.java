package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.model.DomainStatistics;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;

/**
 * The supervised upper bound: the teacher fine-tuned on ultrasound with its true labels (same start,
 * ultrasound batch norms initialised by AdaBN), the best epoch chosen on labelled validation
 * ultrasound. Only evaluation uses it; the student never sees these labels.
 */
public final class OracleTrainer {
  public static final String MODEL_FILE = "oracle.model.zip";

  private OracleTrainer() {}

  public static Path train(TransferConfig.Oracle c, Path teacher, List<UltrasoundFrame.Square> train,
      List<UltrasoundFrame.Square> validation, long seed, int threads, Path outDir, TrainingListener listener) throws IOException {
    try (LoadedModel model = ModelFile.load(teacher, threads)) {
      int size = model.descriptor().inputSize();
      DomainStatistics.copyMriToUltrasound(model.net());
      DomainStatistics.estimate(model.net(), model.model().getNDManager(),
          train.stream().map(UltrasoundFrame.Square::image).toList(), size, 16, 3);
      List<LabelledSlice> slices = new ArrayList<>();
      for (int i = 0; i < train.size(); i++) slices.add(new LabelledSlice(i, size, train.get(i).image(), train.get(i).truth()));
      List<String> classes = model.descriptor().classes();
      double best = Double.NEGATIVE_INFINITY;
      int bestEpoch = 0;
      byte[] bestParams = Checkpoint.parameters(model.net());
      List<Map<String, Object>> history = new ArrayList<>();
      try (SegmentationTraining t = new SegmentationTraining(model, c.batchSize, c.learningRate, seed, c.epochs)) {
        for (int e = 0; e < c.epochs; e++) {
          model.net().domain().select(DomainSwitch.ULTRASOUND);
          final int epoch = e;
          double loss = t.epoch(e, slices, true, (s, steps, l) -> listener.onStep(epoch + 1, c.epochs, s + 1, steps, l, Double.NaN));
          model.net().domain().select(DomainSwitch.MRI);
          @SuppressWarnings("unchecked")
          Map<String, Double> val = (Map<String, Double>) SelectionScores.of(model, DomainSwitch.ULTRASOUND, validation).get("trueDice");
          Map<String, Object> h = new LinkedHashMap<>();
          h.put("epoch", e + 1);
          h.put("loss", loss);
          h.put("validationDice", val);
          history.add(h);
          listener.onEpoch(e + 1, c.epochs, loss, val, Double.NaN);
          if (val.get("meanForeground") > best) {
            best = val.get("meanForeground");
            bestEpoch = e + 1;
            bestParams = Checkpoint.parameters(model.net());
          }
        }
      }
      try (var in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bestParams))) {
        model.net().loadParameters(model.model().getNDManager(), in);
      } catch (ai.djl.MalformedModelException e) {
        throw new IOException("oracle parameters do not fit (" + e.getMessage() + ")", e);
      }
      Map<String, Object> metrics = new LinkedHashMap<>();
      metrics.put("bestEpoch", bestEpoch);
      metrics.put("history", history);
      Map<String, Object> provenance = new LinkedHashMap<>();
      provenance.put("teacher", teacher.getFileName().toString());
      provenance.put("ultrasoundFrames", train.size());
      provenance.put("labels", "simulator ground truth (oracle: supervised upper bound)");
      provenance.put("engine", org.crossmodal.model.Engines.provenance());
      Path file = outDir.resolve(MODEL_FILE);
      ModelFile.save(file, model.net(), model.descriptor().withKind("oracle", provenance, metrics,
          List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND)));
      return file;
    }
  }
}
