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
}
