package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.model.ModelFile;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.testutil.TinyConfigs;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.training.adaptation.AdaptationMethod;
import org.crossmodal.training.adaptation.StepContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A research script adds an adaptation method of its own: the student's step sums its term with the configured ones. */
class StudentExtraMethodTest {
  @TempDir Path tmp;

  @Test
  void anExtraMethodsTermIsAddedToEveryStep() throws Exception {
    Path teacher = TinyModel.save(tmp.resolve("teacher.model.zip"), 217);
    TeacherData data = TeacherData.load(TinyConfigs.teacher(1).data);
    List<UltrasoundFrame.Square> us = UltrasoundFrames.simulated(SimulatedFrames.generate(data.image(), data.classes(),
        data.split().train(), 8, 3, BModeSimulator.defaults(), TissueTable.defaults())).stream()
        .map(f -> f.toNetwork(new NetworkGeometry(32, 217))).toList();
    List<org.crossmodal.data.LabelledSlice> mri = data.subset(data.split().train()).subList(0, 8);
    StudentTrainer.Inputs in = new StudentTrainer.Inputs(teacher, epoch -> mri, us.subList(0, 6), us.subList(6, 8), List.of());
    StudentConfig c = new StudentConfig();
    c.warmupEpochs = 0;
    c.rounds = 1;
    c.epochsPerRound = 1;
    c.batchSize = 4;
    StudentTrainer.PseudoLabelSink none = (round, result) -> Map.of();

    Path plain = StudentTrainer.train(c, in, tmp.resolve("plain"), TrainingListener.SILENT, none);
    AtomicInteger steps = new AtomicInteger(), starts = new AtomicInteger();
    AdaptationMethod.Factory constantOne = networks -> new AdaptationMethod() {
      @Override
      public void start(org.crossmodal.training.adaptation.StudentNetworks n, List<float[]> ultrasound, java.util.function.Consumer<String> log) {
        starts.incrementAndGet();
      }

      @Override
      public NDArray ultrasoundLoss(StepContext step, NDList out) {
        steps.incrementAndGet();
        return step.manager().create(1f);
      }
    };
    Path extra = StudentTrainer.train(c, in, tmp.resolve("extra"), TrainingListener.SILENT, none, List.of(constantOne));

    assertEquals(1, starts.get());
    assertEquals(2, steps.get(), "6 frames in batches of 4: two steps");
    // A constant term adds 1 to each step's loss and nothing to the gradients: the same weights, losses one higher.
    assertEquals(loss(plain) + 1, loss(extra), 1e-5);
    assertEquals(ModelFile.readDescriptor(plain).metrics().get("selectionScore"), ModelFile.readDescriptor(extra).metrics().get("selectionScore"));
  }

  @SuppressWarnings("unchecked")
  private static double loss(Path student) throws Exception {
    List<Map<String, Object>> history = (List<Map<String, Object>>) ModelFile.readDescriptor(student).metrics().get("history");
    return ((Number) history.get(history.size() - 1).get("loss")).doubleValue();
  }
}
