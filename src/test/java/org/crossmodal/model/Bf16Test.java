package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.List;
import java.util.Map;
import org.crossmodal.model.EngineChoice.Precision;
import org.junit.jupiter.api.Test;

/** bf16 through the TorchScript casts: values, gradients to the fp32 weights, and the U-Net in bf16 against fp32. */
class Bf16Test {
  @Test
  void castsRoundToBf16AndPassGradientsBackAsFp32() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(new float[] {1.0078125f, 1.00390625f, 1.001f, -3.14159f, 65504f});
      x.setRequiresGradient(true);
      NDArray back;
      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray h = Bf16.toBf16(x, m);
        assertEquals(DataType.UNKNOWN, h.getDataType(), "DJL 0.36 has no name for bf16");
        back = Bf16.toFp32(h, m);
        gc.backward(back.mul(m.create(new float[] {1, 2, 3, 4, 5})).sum());
      }
      // bf16 keeps 7 bits of mantissa: 1 + 2^-7 stays, 1 + 2^-8 (a tie) rounds to even, 1.001 to 1.
      assertArrayEquals(new float[] {1.0078125f, 1f, 1f, -3.140625f, 65536f}, back.toFloatArray(), 0f);
      assertEquals(DataType.FLOAT32, x.getGradient().getDataType());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5}, x.getGradient().toFloatArray(), 0f);
    }
  }

  @Test
  void theNetworkInBf16StaysCloseToFp32AndTrainsItsFp32Weights() {
    ModelDescriptor d = new ModelDescriptor(1, "test", new UNetConfig(2, 16, 1, 3, 0.0, 2), List.of("a", "b", "c"), 32, 0,
        ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    try (LoadedModel model = LoadedModel.create(d, 2); NDManager m = model.model().getNDManager().newSubManager()) {
      UNet net = model.net();
      ModelFile.initialise(net, model.model(), 32);
      NDArray x = m.randomNormal(new Shape(4, 1, 32, 32));
      net.setPrecision(Precision.FP32, Precision.FP32);
      float[] fp32 = Engines.withoutGradients(() -> net.forward(new ParameterStore(m, false), new NDList(x), false).head().toFloatArray());
      net.setPrecision(Precision.BF16, Precision.BF16);
      NDArray logits = Engines.withoutGradients(() -> net.forward(new ParameterStore(m, false), new NDList(x), false).head());
      assertEquals(DataType.FLOAT32, logits.getDataType());
      float[] bf16 = logits.toFloatArray();
      double err = 0, scale = 0;
      for (int i = 0; i < fp32.length; i++) {
        err += Math.pow(fp32[i] - bf16[i], 2);
        scale += (double) fp32[i] * fp32[i];
      }
      assertTrue(Math.sqrt(err / scale) < 0.05, "bf16 logits off by " + Math.sqrt(err / scale) + " of their scale");
      assertTrue(Math.sqrt(err / scale) > 0, "bf16 changed nothing: the casts did not happen");

      try (GradientCollector gc = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
        NDArray out = net.forward(new ParameterStore(m, false), new NDList(x), true).head();
        gc.backward(out.square().mean());
      }
      for (Pair<String, Parameter> p : net.getParameters()) {
        NDArray a = p.getValue().getArray();
        if (!a.hasGradient() || !p.getKey().contains("conv")) continue;
        assertEquals(DataType.FLOAT32, a.getDataType(), p.getKey());
        assertEquals(DataType.FLOAT32, a.getGradient().getDataType(), p.getKey());
        assertTrue(a.getGradient().abs().sum().getFloat() > 0, p.getKey() + " got no gradient");
      }
    }
  }

  @Test
  void theArchiveIsATorchScriptZip() throws Exception {
    byte[] zip = Bf16.archive("ToBf16", 15);
    try (var in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      java.util.Set<String> names = new java.util.TreeSet<>();
      for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) names.add(e.getName());
      assertEquals(java.util.Set.of("ToBf16/version", "ToBf16/data.pkl", "ToBf16/constants.pkl", "ToBf16/code/__torch__.py"), names);
    }
  }
}
