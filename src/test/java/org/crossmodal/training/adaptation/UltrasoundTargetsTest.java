package org.crossmodal.training.adaptation;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.crossmodal.model.Engines;
import org.crossmodal.model.SegmentationLoss;
import org.junit.jupiter.api.Test;

class UltrasoundTargetsTest {
  /**
   * One pixel, three classes. The student and the mean teacher agree on the background (0.2) and
   * disagree only on how the foreground splits: foreground-only consistency is 0, per class it is
   * not. A background/foreground disagreement counts either way.
   */
  @Test
  void foregroundOnlyConsistencyIgnoresHowTheForegroundSplits() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray student = probs(m, 0.2, 0.5, 0.3), teacher = probs(m, 0.2, 0.3, 0.5), other = probs(m, 0.6, 0.3, 0.1);
      assertEquals(0, UltrasoundTargets.consistency(student, teacher, true).getFloat(), 1e-7);
      assertEquals((0.04 + 0.04) / 3, UltrasoundTargets.consistency(student, teacher, false).getFloat(), 1e-6);
      // Background 0.2 against 0.6, foreground 0.8 against 0.4: (0.16 + 0.16) / 2.
      assertEquals(0.16, UltrasoundTargets.consistency(student, other, true).getFloat(), 1e-6);
    }
  }

  /** A pseudo-label of deep grey on a pixel the student calls brain costs nothing foreground-only. */
  @Test
  void foregroundOnlyPseudoLabelsAcceptAnyForegroundClass() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      SegmentationLoss loss = new SegmentationLoss(3);
      NDList labels = new NDList(m.create(new float[] {2}, new Shape(1, 1, 1)), m.create(new float[] {1}, new Shape(1, 1, 1)));
      NDList brain = new NDList(probs(m, 0.01, 0.98, 0.01).log()), deepGrey = new NDList(probs(m, 0.01, 0.01, 0.98).log());
      assertEquals(UltrasoundTargets.pseudoLabelLoss(loss, labels, deepGrey, true).getFloat(),
          UltrasoundTargets.pseudoLabelLoss(loss, labels, brain, true).getFloat(), 1e-5);
      assertTrue(UltrasoundTargets.pseudoLabelLoss(loss, labels, brain, false).getFloat()
          > UltrasoundTargets.pseudoLabelLoss(loss, labels, deepGrey, false).getFloat() + 1);
    }
  }

  private static NDArray probs(NDManager m, double... p) {
    float[] v = new float[p.length];
    for (int i = 0; i < p.length; i++) v[i] = (float) p[i];
    return m.create(v, new Shape(1, p.length, 1, 1));
  }
}
