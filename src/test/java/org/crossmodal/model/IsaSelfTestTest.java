package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The real self-test, at small shapes: child JVMs with the AVX2 cap and uncapped (and with bf16
 * math where the CPU has bf16 units) run libtorch's convolutions, and oneDNN reports the ISA each ran with.
 */
class IsaSelfTestTest {
  @Test
  void childrenRunCappedAndUncappedAndAreCompared() {
    CpuFeatures cpu = CpuFeatures.current();
    UNetConfig small = new UNetConfig(1, 16, 1, 3, 0, 1);
    IsaVerdict v = IsaProbe.run(cpu, 2, cpu.bf16Units(), small, 32, 2, false);
    assertFalse(v.reason().contains("reference failed"), v.reason());
    assertEquals("Intel AVX2", v.onednnIsa().get("AVX2"), v.reason());
    assertTrue(v.kernels().get("AVX2").stream().allMatch(k -> !k.contains("avx512")), v.kernels().toString());
    assertTrue(v.kernels().get("AVX2").stream().anyMatch(k -> k.startsWith("backward_weights")), v.kernels().toString());
    if (cpu.avx512()) assertTrue(v.onednnIsa().get("uncapped").contains("AVX-512"), v.onednnIsa().toString());
    assertEquals(cpu.bf16Units(), v.bf16Safe() != null);
    assertTrue(Double.isFinite(v.uncappedDifference()) || !v.uncappedSafe());
  }

  @Test
  void casesCoverEveryConvolutionInBothLayouts() {
    List<IsaSelfTest.Case> cases = IsaSelfTest.cases(UNetConfig.demo(3), 128);
    assertEquals(22, cases.size());
    assertTrue(cases.contains(new IsaSelfTest.Case(1, 16, 128, true)));
    assertTrue(cases.contains(new IsaSelfTest.Case(128, 128, 16, false)));
    assertTrue(cases.contains(new IsaSelfTest.Case(32, 16, 128, true)), "merge on the concatenation");
  }
}
