package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightAverageTest {
  private static LoadedModel model(int seed) {
    LoadedModel m = LoadedModel.create(new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 16, 0, ModelDescriptor.NORMALISATION, Map.of(), seed, Map.of(), Map.of(), null), 1);
    ai.djl.engine.Engine.getInstance().setRandomSeed(seed);
    ModelFile.initialise(m.net(), m.model(), 16);
    return m;
  }

  @Test
  void restartCopiesAndUpdateMovesPartWayForWeightsAndStatisticsAlike() {
    Engines.pytorch(1);
    try (LoadedModel net = model(1); LoadedModel avg = model(2)) {
      WeightAverage average = new WeightAverage(net.net(), avg.net());
      var pairs = DomainStatistics.pairs(net.net(), avg.net());
      assertTrue(pairs.stream().anyMatch(p -> p.getKey().getName().contains("running")), "batch-norm statistics are averaged too");
      assertNotEquals(0f, difference(pairs.get(0).getKey().getArray(), pairs.get(0).getValue().getArray()), "two draws differ");
      average.restart();
      for (var p : pairs) assertEquals(0f, difference(p.getKey().getArray(), p.getValue().getArray()), p.getKey().getName());
      // Move the network by +1 everywhere: an update with decay 0.75 moves the average by a quarter of that.
      Engines.withoutGradients(() -> {
        for (var p : pairs) p.getKey().getArray().addi(1f);
        return null;
      });
      average.update(0.75);
      for (var p : pairs) {
        try (NDArray gap = p.getKey().getArray().sub(p.getValue().getArray())) {
          assertEquals(0.75f, gap.min().getFloat(), 1e-5f, p.getKey().getName());
          assertEquals(0.75f, gap.max().getFloat(), 1e-5f, p.getKey().getName());
        }
      }
    }
  }

  @Test
  void theDecayGrowsTowardsItsSettingOverTheFirstUpdates() {
    assertEquals(0.1, WeightAverage.warmedUp(0.99, 0), 1e-12);
    assertEquals(0.5, WeightAverage.warmedUp(0.99, 8), 1e-12);
    assertEquals(0.99, WeightAverage.warmedUp(0.99, 10_000), 1e-12);
  }

  private static float difference(NDArray a, NDArray b) {
    try (NDArray d = a.sub(b).abs()) {
      return d.max().getFloat();
    }
  }
}
