package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.testutil.TinyConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A teacher that learnt random looks has ultrasound batch norms of its own: with {@code adaBN} off
 * a student that is not trained further predicts exactly as the teacher does on ultrasound; with
 * AdaBN on, the statistics re-estimated on the frames change its predictions.
 */
class AdaBNSwitchTest {
  @TempDir Path tmp;

  @Test
  void withoutAdaBNTheTeachersOwnUltrasoundStatisticsAreKept() throws Exception {
    TeacherConfig tc = TinyConfigs.teacher(1);
    tc.data.viewRampEpochs = 0;
    tc.data.probeViews = 1;
    tc.data.randomLook = 0.5;
    Path teacher = TeacherTrainer.train(tc, tmp.resolve("teacher"), TrainingListener.SILENT);
    TeacherData data = TeacherData.load(tc.data);
    var geometry = ModelFile.readDescriptor(teacher).geometry();
    List<UltrasoundFrame.Square> us = UltrasoundFrames.simulated(SimulatedFrames.generate(data.image(), data.classes(),
        data.split().train(), 8, 3, BModeSimulator.defaults(), TissueTable.defaults())).stream()
        .map(f -> f.toNetwork(geometry)).toList();
    List<LabelledSlice> mri = data.subset(data.split().train()).subList(0, 4);
    StudentTrainer.Inputs in = new StudentTrainer.Inputs(teacher, epoch -> mri, us.subList(0, 6), us.subList(6, 8), List.of());

    List<float[]> frames = us.stream().map(UltrasoundFrame.Square::image).toList();
    float[] fromTeacher = probabilities(teacher, frames);
    float[] kept = probabilities(adaptedOnly(in, false, "kept"), frames);
    float[] reestimated = probabilities(adaptedOnly(in, true, "adabn"), frames);

    assertArrayEquals(fromTeacher, kept, 1e-6f, "adaBN off: the teacher's ultrasound statistics, untouched");
    double change = 0;
    for (int i = 0; i < fromTeacher.length; i++) change = Math.max(change, Math.abs(fromTeacher[i] - reestimated[i]));
    assertTrue(change > 1e-3, "AdaBN re-estimates the statistics and so changes the predictions: " + change);
  }

  /** A student with domain batch norms only and no training: what it starts from. */
  private Path adaptedOnly(StudentTrainer.Inputs in, boolean adaBN, String name) throws Exception {
    StudentConfig c = new StudentConfig();
    c.warmupEpochs = 0;
    c.rounds = 0;
    c.batchSize = 4;
    c.adaptation.pseudoLabels = false;
    c.adaptation.adversarial = false;
    c.adaptation.meanTeacher = false;
    c.adaptation.probeViews = false;
    c.adaptation.randomLook = false;
    c.adaptation.domainBatchNorm = true;
    c.adaptation.adaBN = adaBN;
    return StudentTrainer.train(c, in, tmp.resolve(name), TrainingListener.SILENT, (round, result) -> Map.of());
  }

  private static float[] probabilities(Path model, List<float[]> frames) throws Exception {
    try (LoadedModel m = ModelFile.load(model, 1)) {
      List<float[][]> p = new Segmenter(m, 4, DomainSwitch.ULTRASOUND).predictSquares(frames, Segmenter.Options.plain());
      int n = p.get(0)[0].length, classes = p.get(0).length;
      float[] out = new float[p.size() * classes * n];
      for (int f = 0; f < p.size(); f++) for (int c = 0; c < classes; c++) System.arraycopy(p.get(f)[c], 0, out, (f * classes + c) * n, n);
      return out;
    }
  }
}
