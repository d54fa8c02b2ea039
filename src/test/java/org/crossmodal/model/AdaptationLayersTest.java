package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AdaptationLayersTest {
  @Test
  void gradientReversalIsTheIdentityForwardAndNegatesTheGradient() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1, -2, 3});
      x.setRequiresGradient(true);
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray y = DomainClassifier.reverseGradient(x, 0.3f);
        assertArrayEquals(new float[] {1, -2, 3}, y.toFloatArray(), 1e-6f);
        gc.backward(y.mul(m.create(new float[] {1, 2, 4})).sum());
      }
      assertArrayEquals(new float[] {-0.3f, -0.6f, -1.2f}, x.getGradient().toFloatArray(), 1e-6f);
    }
  }

  @Test
  void adaBnMeasuresUltrasoundStatisticsAndLeavesTheMriOnesAlone() {
    ModelDescriptor d = new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.0, 2), List.of("a", "b", "c"), 32, 0,
        ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    try (LoadedModel model = LoadedModel.create(d, 2)) {
      ModelFile.initialise(model.net(), model.model(), 32);
      DomainBatchNorm first = DomainStatistics.domainNorms(model.net()).get(0);
      float[] mriMean = first.norm(DomainSwitch.MRI).getParameters().get("runningMean").getArray().toFloatArray();
      DomainStatistics.copyMriToUltrasound(model.net());
      Random r = new Random(1);
      List<float[]> images = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        float[] img = new float[32 * 32];
        for (int j = 0; j < img.length; j++) img[j] = (float) (5 + r.nextGaussian());
        images.add(img);
      }
      DomainStatistics.estimate(model.net(), model.model().getNDManager(), images, 32, 8, 4);
      float[] mriAfter = first.norm(DomainSwitch.MRI).getParameters().get("runningMean").getArray().toFloatArray();
      float[] usMean = first.norm(DomainSwitch.ULTRASOUND).getParameters().get("runningMean").getArray().toFloatArray();
      assertArrayEquals(mriMean, mriAfter, "MRI statistics changed");
      double moved = 0;
      for (int i = 0; i < usMean.length; i++) moved += Math.abs(usMean[i] - mriMean[i]);
      assertTrue(moved / usMean.length > 0.5, "ultrasound statistics did not follow inputs of mean 5: " + moved / usMean.length);
      assertEquals(DomainSwitch.MRI, model.net().domain().active());
    }
  }
}
