package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The self-test's decision, on made-up results: it must refuse what a broken kernel would produce. */
class IsaVerdictTest {
  private static IsaSelfTest.Summary summary(float... v) {
    double sum = 0, l1 = 0, l2 = 0;
    boolean finite = true;
    for (float x : v) {
      sum += x;
      l1 += Math.abs(x);
      l2 += (double) x * x;
      finite &= Float.isFinite(x);
    }
    return new IsaSelfTest.Summary(finite, sum, l1, Math.sqrt(l2), sum, v);
  }

  private static IsaVerdict.Side side(double repeat, IsaSelfTest.Summary... tensors) {
    Map<String, IsaSelfTest.Summary> m = new LinkedHashMap<>();
    for (int i = 0; i < tensors.length; i++) m.put("16->16@128 channels-last t" + i, tensors[i]);
    return IsaVerdict.Side.of(new IsaSelfTest.Run(m, repeat, 0, 1));
  }

  private static final IsaVerdict.Side REFERENCE = side(0, summary(1, -2, 3, 0.5f), summary(0.25f, 0.75f, -1, 2));

  @Test
  void matchingResultsLetOneDnnRunUncapped() {
    IsaVerdict.Decision d = IsaVerdict.decide(REFERENCE, side(0, summary(1, -2, 3.0000005f, 0.5f), summary(0.25f, 0.75f, -1, 2)), null);
    assertTrue(d.uncappedSafe(), d.reason());
    assertNull(d.bf16Safe());
    assertTrue(d.cacheable());
    assertTrue(d.uncappedDifference() < 1e-6);
  }

  @Test
  void aNanGradientKeepsTheCap() {
    IsaVerdict.Decision d = IsaVerdict.decide(REFERENCE, side(0, summary(1, -2, 3, 0.5f), summary(0.25f, Float.NaN, -1, 2)), null);
    assertFalse(d.uncappedSafe());
    assertTrue(d.reason().contains("non-finite"), d.reason());
    assertTrue(d.cacheable(), "a CPU that gives NaN uncapped is remembered");
  }

  @Test
  void wrongButFiniteValuesKeepTheCap() {
    IsaVerdict.Decision d = IsaVerdict.decide(REFERENCE, side(0, summary(1, -2, 3, 0.5f), summary(0.25f, 0.75f, 1, 2)), null);
    assertFalse(d.uncappedSafe());
    assertTrue(d.reason().contains("t1"), d.reason());
  }

  @Test
  void aKernelThatIsNotRepeatableKeepsTheCap() {
    IsaVerdict.Decision d = IsaVerdict.decide(REFERENCE, side(0.3, summary(1, -2, 3, 0.5f), summary(0.25f, 0.75f, -1, 2)), null);
    assertFalse(d.uncappedSafe());
  }

  @Test
  void aCrashedCandidateKeepsTheCap() {
    IsaVerdict.Decision d = IsaVerdict.decide(REFERENCE, IsaVerdict.Side.failed("exit 134: SIGSEGV"), null);
    assertFalse(d.uncappedSafe());
    assertTrue(d.reason().contains("SIGSEGV"), d.reason());
  }

  @Test
  void nothingIsConcludedOrCachedWhenTheReferenceFails() {
    IsaVerdict.Decision d = IsaVerdict.decide(IsaVerdict.Side.failed("timeout"), REFERENCE, REFERENCE);
    assertFalse(d.uncappedSafe());
    assertFalse(d.bf16Safe());
    assertFalse(d.cacheable());
    IsaVerdict.Decision nan = IsaVerdict.decide(side(0, summary(Float.NaN, 1)), side(0, summary(Float.NaN, 1)), null);
    assertFalse(nan.uncappedSafe());
    assertFalse(nan.cacheable());
  }

  @Test
  void bf16MathNeedsItsOwnToleranceAndAnUncappedPass() {
    IsaVerdict.Side bf16Close = side(0, summary(1.01f, -2, 3, 0.5f), summary(0.25f, 0.75f, -1, 2.01f));
    IsaVerdict.Side bf16Off = side(0, summary(1.5f, -2, 3, 0.5f), summary(0.25f, 0.75f, -1, 2));
    IsaVerdict.Decision ok = IsaVerdict.decide(REFERENCE, REFERENCE, bf16Close);
    assertTrue(ok.uncappedSafe());
    assertTrue(ok.bf16Safe(), ok.reason());
    assertFalse(IsaVerdict.decide(REFERENCE, REFERENCE, bf16Off).bf16Safe());
    IsaVerdict.Decision unsafe = IsaVerdict.decide(REFERENCE, side(0, summary(9, 9, 9, 9), summary(0.25f, 0.75f, -1, 2)), bf16Close);
    assertFalse(unsafe.bf16Safe(), "bf16 math is only used uncapped");
  }
}
