package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SegmentationLossTest {
  /** Two pixels of class 1, predicted with p = 1/2 and 3/4: cross-entropy plus 1 − foreground Dice, by hand. */
  @Test
  void equalsHandComputedCrossEntropyPlusDiceAndIgnoresZeroWeightPixels() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList logits = new NDList(m.create(new float[] {0, 0, 0, (float) Math.log(3)}, new Shape(1, 2, 1, 2)));
      NDList labels = new NDList(m.create(new float[] {1, 1}, new Shape(1, 1, 2)), m.create(new float[] {1, 1}, new Shape(1, 1, 2)));
      double ce = -(Math.log(0.5) + Math.log(0.75)) / 2, dice = (2 * 1.25 + 1) / (3.25 + 1);
      assertEquals(ce + 1 - dice, new SegmentationLoss(2).evaluate(labels, logits).getFloat(), 1e-5);

      NDList onlyFirst = new NDList(labels.get(0), m.create(new float[] {1, 0}, new Shape(1, 1, 2)));
      assertEquals(-Math.log(0.5) + 1 - (2 * 0.5 + 1) / (1.5 + 1), new SegmentationLoss(2).evaluate(onlyFirst, logits).getFloat(), 1e-5);
    }
  }

  /**
   * A foreground class absent from the batch adds no Dice term: its probabilities are left to the
   * cross-entropy. Three classes, a background and a brain pixel, no deep grey; by hand.
   */
  @Test
  void aForegroundClassAbsentFromTheBatchHasNoDiceTerm() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      NDList labels = new NDList(m.create(new float[] {0, 1}, new Shape(1, 1, 2)), m.create(new float[] {1, 1}, new Shape(1, 1, 2)));
      NDList little = logits(m, new double[][] {{0.5, 0.25, 0.25}, {0.25, 0.625, 0.125}});
      NDList much = logits(m, new double[][] {{0.5, 0.05, 0.45}, {0.25, 0.625, 0.125}});
      SegmentationLoss loss = new SegmentationLoss(3);
      double ce = -(Math.log(0.5) + Math.log(0.625)) / 2, brainDice = (2 * 0.625 + 1) / (0.25 + 0.625 + 1 + 1);
      assertEquals(ce + 1 - brainDice, loss.evaluate(labels, little).getFloat(), 1e-5);
      // More deep grey where there is none changes the loss only through the brain's share of pixel 0.
      double brainDiceMuch = (2 * 0.625 + 1) / (0.05 + 0.625 + 1 + 1);
      assertEquals(ce + 1 - brainDiceMuch, loss.evaluate(labels, much).getFloat(), 1e-5);
    }
  }

  /**
   * Three classes, two pixels: a background pixel and a foreground pixel. Only p(background) and
   * p(brain) + p(deep grey) count, by hand; moving probability between the foreground classes
   * leaves the loss unchanged, while the per-class loss changes.
   */
  @Test
  void foregroundOnlyScoresBackgroundAgainstTheSumOfTheForegroundClasses() {
    Engines.pytorch(2);
    try (NDManager m = NDManager.newBaseManager()) {
      // Pixel 0: p = (1/2, 1/4, 1/4), pixel 1: p = (1/4, 3/8, 3/8); then the same with the foreground split 1/8 + 5/8.
      NDList even = logits(m, new double[][] {{0.5, 0.25, 0.25}, {0.25, 0.375, 0.375}});
      NDList uneven = logits(m, new double[][] {{0.5, 0.25, 0.25}, {0.25, 0.125, 0.625}});
      NDList labels = new NDList(m.create(new float[] {0, 2}, new Shape(1, 1, 2)), m.create(new float[] {1, 1}, new Shape(1, 1, 2)));
      double ce = -(Math.log(0.5) + Math.log(0.75)) / 2, dice = (2 * 0.75 + 1) / (0.5 + 0.75 + 1 + 1);
      SegmentationLoss loss = new SegmentationLoss(3);
      assertEquals(ce + 1 - dice, loss.foregroundOnly(labels, even).getFloat(), 1e-5);
      assertEquals(loss.foregroundOnly(labels, even).getFloat(), loss.foregroundOnly(labels, uneven).getFloat(), 1e-6);
      assertNotEquals(loss.evaluate(labels, even).getFloat(), loss.evaluate(labels, uneven).getFloat(), 1e-3);

      // A pixel of weight 0 does not count: only the background pixel is left.
      NDList first = new NDList(labels.get(0), m.create(new float[] {1, 0}, new Shape(1, 1, 2)));
      assertEquals(-Math.log(0.5) + 1 - 1 / (0.5 + 1), loss.foregroundOnly(first, even).getFloat(), 1e-5);
    }
  }

  /** Logits (1, K, 1, pixels) whose softmax is {@code p[pixel][class]}. */
  private static NDList logits(NDManager m, double[][] p) {
    int k = p[0].length, n = p.length;
    float[] v = new float[k * n];
    for (int c = 0; c < k; c++) for (int i = 0; i < n; i++) v[c * n + i] = (float) Math.log(p[i][c]);
    return new NDList(m.create(v, new Shape(1, k, 1, n)));
  }
}
