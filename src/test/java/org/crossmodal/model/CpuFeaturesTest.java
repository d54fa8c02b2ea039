package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CpuFeaturesTest {
  private static final String XEON = """
      processor\t: 0
      model name\t: Intel(R) Xeon(R) Processor
      flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_bf16 amx_tile
      
      processor\t: 1
      model name\t: Intel(R) Xeon(R) Processor
      flags\t\t: fpu sse4_2 avx avx2 fma avx512f avx512_bf16 amx_bf16 amx_tile
      """;
  private static final String EPYC = """
      processor\t: 0
      model name\t: AMD EPYC 7B13
      flags\t\t: fpu sse4_2 avx avx2 fma
      """;

  @Test
  void readsModelFlagsAndProcessors() {
    CpuFeatures x = CpuFeatures.parse(XEON);
    assertEquals("Intel(R) Xeon(R) Processor", x.model());
    assertEquals(2, x.logicalCpus());
    assertTrue(x.avx512() && x.bf16Units() && x.beyondAvx2());
    assertEquals(64, x.fp32FlopsPerCycle());
    assertEquals("amx_bf16 amx_tile avx avx2 avx512_bf16 avx512f fma sse4_2", x.isaFlags());
    CpuFeatures e = CpuFeatures.parse(EPYC);
    assertFalse(e.avx512() || e.bf16Units() || e.beyondAvx2());
    assertEquals("AVX2+FMA", e.vectorUnit());
    assertEquals("unknown", CpuFeatures.parse("").model());
  }

  @Test
  void theCacheKeyDoesNotDependOnFlagOrder() {
    String shuffled = XEON.replace("fpu sse4_2 avx avx2 fma avx512f", "avx512f fma avx2 avx sse4_2 fpu");
    assertEquals(IsaProbe.key(CpuFeatures.parse(XEON), "2.7.1"), IsaProbe.key(CpuFeatures.parse(shuffled), "2.7.1"));
    assertNotEquals(IsaProbe.key(CpuFeatures.parse(XEON), "2.7.1"), IsaProbe.key(CpuFeatures.parse(XEON), "2.8.0"));
    assertNotEquals(IsaProbe.key(CpuFeatures.parse(XEON), "2.7.1"), IsaProbe.key(CpuFeatures.parse(EPYC), "2.7.1"));
  }
}
