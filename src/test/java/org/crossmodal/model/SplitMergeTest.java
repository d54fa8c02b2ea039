package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The merge convolution on the two halves of its weight gives the concatenation's outputs and gradients. */
class SplitMergeTest {
  @Test
  void splitMergeEqualsConcatenation() {
    ModelDescriptor d = new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.0, 2), List.of("a", "b", "c"), 32, 0,
        ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    try (LoadedModel model = LoadedModel.create(d, 2); NDManager m = model.model().getNDManager().newSubManager()) {
      UNet net = model.net();
      net.setPrecision(EngineChoice.Precision.FP32, EngineChoice.Precision.FP32);
      ModelFile.initialise(net, model.model(), 32);
      ai.djl.engine.Engine.getInstance().setRandomSeed(7); // the same input whatever earlier tests of this JVM drew
      NDArray x = m.randomNormal(new Shape(4, 1, 32, 32));
      List<float[]> outputs = new ArrayList<>(), grads = new ArrayList<>();
      for (boolean split : new boolean[] {false, true}) {
        net.splitMerge = split;
        for (Pair<String, Parameter> p : net.getParameters()) if (p.getValue().getArray().hasGradient()) p.getValue().getArray().getGradient().subi(p.getValue().getArray().getGradient());
        try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
          NDArray out = net.forward(new ParameterStore(m, false), new NDList(x), true).head();
          outputs.add(out.toFloatArray());
          gc.backward(out.square().mean());
        }
        List<Float> g = new ArrayList<>();
        for (Pair<String, Parameter> p : net.getParameters()) {
          NDArray a = p.getValue().getArray();
          if (a.hasGradient() && p.getKey().contains("merge")) for (float v : a.getGradient().toFloatArray()) g.add(v);
        }
        float[] flat = new float[g.size()];
        for (int i = 0; i < flat.length; i++) flat[i] = g.get(i);
        grads.add(flat);
      }
      // Within 1 % of the largest value: two threads sum in a run-dependent order, and batch norm in training mode
      // amplifies that rounding where a channel's batch variance is small; a wrong split is off by the whole value.
      assertArrayEquals(outputs.get(0), outputs.get(1), 0.01f * maxAbs(outputs.get(0)));
      assertTrue(grads.get(0).length > 0);
      assertArrayEquals(grads.get(0), grads.get(1), 0.01f * maxAbs(grads.get(0)));
    }
  }

  private static float maxAbs(float[] v) {
    float m = 0;
    for (float x : v) m = Math.max(m, Math.abs(x));
    return m;
  }
}
