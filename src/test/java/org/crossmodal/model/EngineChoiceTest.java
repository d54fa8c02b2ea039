package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossmodal.model.EngineChoice.Precision;
import org.crossmodal.model.EngineChoice.Workload;
import org.junit.jupiter.api.Test;

/** Which ISA cap and precision a process gets, from settings, environment and a (made-up) self-test verdict. */
class EngineChoiceTest {
  private static final CpuFeatures AMX = CpuFeatures.parse("processor: 0\nmodel name: Xeon\nflags: avx2 fma avx512f avx512_bf16 amx_bf16\n");
  private static final CpuFeatures AVX2 = CpuFeatures.parse("processor: 0\nmodel name: EPYC\nflags: avx2 fma\n");

  private static IsaVerdict verdict(boolean uncapped, Boolean bf16) {
    return new IsaVerdict("k", "cpu", "2.7.1", uncapped, bf16, uncapped ? "matches" : "NaN in 16->16@128", 0, 0,
        Map.of("AVX2", "Intel AVX2", "uncapped", "Intel AVX-512", "uncapped bf16", "Intel AVX-512 AMX"), Map.of(), 1, "now");
  }

  private static final class FakeProbe implements EngineChoice.Probe {
    final AtomicInteger calls = new AtomicInteger();
    final IsaVerdict v;
    boolean askedForBf16;

    FakeProbe(IsaVerdict v) {
      this.v = v;
    }

    @Override
    public IsaVerdict verdict(CpuFeatures cpu, int threads, boolean testBf16) {
      calls.incrementAndGet();
      askedForBf16 = testBf16;
      return v;
    }
  }

  private static EngineChoice auto(CpuFeatures cpu, Workload w, FakeProbe p) {
    return EngineChoice.resolve(cpu, 2, "auto", "auto", "--isa/--precision", null, w, false, true, p);
  }

  @Test
  void theSelfTestDecidesTheCap() {
    FakeProbe safe = new FakeProbe(verdict(true, true));
    EngineChoice c = auto(AMX, Workload.TRAINING, safe);
    assertNull(c.isaCap());
    assertEquals("ALL", c.isaVariable());
    assertEquals(1, safe.calls.get());
    assertTrue(safe.askedForBf16, "bf16 is tested wherever the CPU has bf16 units");
    assertEquals("Intel AVX-512", c.onednnIsa());
    EngineChoice capped = auto(AMX, Workload.TRAINING, new FakeProbe(verdict(false, false)));
    assertEquals("AVX2", capped.isaCap());
    assertTrue(capped.isaSource().contains("NaN"), capped.isaSource());
    assertEquals(Precision.FP32, capped.inference());
    assertEquals("Intel AVX2", capped.onednnIsa());
  }

  @Test
  void bf16OnlyForInferenceWhereTheCpuHasUnitsAndTheTestPassed() {
    EngineChoice infer = auto(AMX, Workload.INFERENCE, new FakeProbe(verdict(true, true)));
    assertEquals(Precision.BF16, infer.inference());
    assertEquals(Precision.FP32, infer.training());
    EngineChoice train = auto(AMX, Workload.TRAINING, new FakeProbe(verdict(true, true)));
    assertEquals(Precision.FP32, train.inference(), "a training process keeps its evaluation comparable");
    assertEquals(Precision.FP32, train.training());
    assertEquals(Precision.BF16, train.inferenceOnly(), "what segment and batch would get on the same machine");
    assertEquals(Precision.FP32, auto(AMX, Workload.INFERENCE, new FakeProbe(verdict(true, false))).inference());
    assertEquals(Precision.FP32, auto(AMX, Workload.INFERENCE, new FakeProbe(verdict(false, true))).inference());
    assertEquals(Precision.FP32, auto(AVX2, Workload.INFERENCE, new FakeProbe(verdict(true, null))).inference());
    EngineChoice accepted = EngineChoice.resolve(AMX, 2, "auto", "auto", "x", null, Workload.TRAINING, true, false,
        new FakeProbe(verdict(true, true)));
    assertEquals(Precision.BF16, accepted.training(), "bf16 training once accepted");
    assertEquals(Precision.BF16, accepted.inference());
    assertEquals(Precision.FP32, EngineChoice.resolve(AMX, 2, "auto", "auto", "x", null, Workload.INFERENCE, true, false,
        new FakeProbe(verdict(true, true))).inference(), "inference-only commands are accepted separately");
  }

  @Test
  void asShippedAutoTrainsInBf16AndKeepsInferenceOnlyCommandsInFp32() {
    assertTrue(Engines.BF16_TRAINING_ACCEPTED && !Engines.BF16_INFERENCE_ACCEPTED, "docs/engine.md");
    FakeProbe sound = new FakeProbe(verdict(true, true));
    EngineChoice segment = EngineChoice.resolve(AMX, 2, "auto", "auto", "x", null, Workload.INFERENCE, Engines.BF16_TRAINING_ACCEPTED,
        Engines.BF16_INFERENCE_ACCEPTED, sound);
    assertEquals(Precision.FP32, segment.inference());
    assertEquals(Precision.FP32, segment.inferenceOnly());
    assertTrue(segment.precisionSource().contains("fp32 for inference-only commands"), segment.precisionSource());
    assertNull(segment.isaCap(), "the ISA is still uncapped where the self-test passed");
    EngineChoice run = EngineChoice.resolve(AMX, 2, "auto", "auto", "x", null, Workload.TRAINING, Engines.BF16_TRAINING_ACCEPTED,
        Engines.BF16_INFERENCE_ACCEPTED, sound);
    assertEquals(Precision.BF16, run.training());
    assertEquals(Precision.BF16, run.inference(), "a run's pseudo-labels and evaluation at its training precision");
    assertEquals(Precision.FP32, run.inferenceOnly());
    assertEquals(Precision.FP32, EngineChoice.resolve(AVX2, 2, "auto", "auto", "x", null, Workload.TRAINING,
        Engines.BF16_TRAINING_ACCEPTED, Engines.BF16_INFERENCE_ACCEPTED, new FakeProbe(verdict(true, null))).training(),
        "no bf16 units: fp32");
    assertEquals(Precision.FP32, EngineChoice.resolve(AMX, 2, "auto", "auto", "x", null, Workload.TRAINING,
        Engines.BF16_TRAINING_ACCEPTED, Engines.BF16_INFERENCE_ACCEPTED, new FakeProbe(verdict(true, false))).training(),
        "bf16 failed the self-test: fp32");
  }

  @Test
  void settingsAndEnvironmentOverrideTheSelfTest() {
    FakeProbe never = new FakeProbe(verdict(false, false));
    EngineChoice n = EngineChoice.resolve(AMX, 2, "native", "bf16", "--isa/--precision", null, Workload.TRAINING, false, false, never);
    assertNull(n.isaCap());
    assertEquals(Precision.BF16, n.training());
    assertEquals(Precision.BF16, n.inference());
    assertEquals("--isa/--precision", n.isaSource());
    EngineChoice a = EngineChoice.resolve(AMX, 2, "avx512_core", "fp32", "configuration (engine)", null,
        Workload.INFERENCE, false, false, never);
    assertEquals("AVX512_CORE", a.isaCap());
    assertEquals(Precision.FP32, a.inference());
    EngineChoice env = EngineChoice.resolve(AMX, 2, "auto", "auto", "x", "avx2", Workload.INFERENCE, false, false, never);
    assertEquals("AVX2", env.isaCap());
    assertEquals(Precision.FP32, env.inference(), "capped below the bf16 units");
    assertEquals(0, never.calls.get(), "no self-test when the ISA is given");
  }

  @Test
  void unknownValuesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> EngineChoice.checkIsa("avx9000"));
    assertThrows(IllegalArgumentException.class, () -> EngineChoice.checkPrecision("fp8"));
    assertEquals("native", EngineChoice.checkIsa("ALL"));
    assertEquals("AVX2", EngineChoice.checkIsa(" avx2 "));
  }
}
