package org.crossmodal.training;

import ai.djl.engine.Engine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.crossmodal.data.Augmenter;
import org.crossmodal.data.LabelledSlice;

/**
 * The one epoch loop of every trainer. The order of the images and their augmentation are drawn
 * from a generator seeded by seed and epoch, and the engine's generator (dropout, noise) is seeded
 * the same way, so a resumed epoch sees the very batches an uninterrupted run saw. Each batch goes
 * to a {@link TrainingStep}, which is where the trainers differ.
 */
final class EpochLoop {
  /** Progress of an epoch, step by step (step counts from 0). */
  interface StepListener {
    void onStep(int step, int steps, double loss);
  }

  private final int batch;
  private final long seed;

  EpochLoop(int batch, long seed) {
    this.batch = batch;
    this.seed = seed;
  }

  /**
   * Walks through {@code main} in batches; each batch gets as many images of {@code alongside}
   * (empty: none), which cycles when shorter. Returns the mean loss.
   */
  double run(int epoch, List<LabelledSlice> main, List<LabelledSlice> alongside, boolean augment, TrainingStep step,
      StepListener listener) {
    Random order = new Random(seed * 1_000_003L + epoch);
    List<LabelledSlice> mainOrder = new ArrayList<>(main), alongsideOrder = new ArrayList<>(alongside);
    Collections.shuffle(mainOrder, order);
    if (!alongsideOrder.isEmpty()) Collections.shuffle(alongsideOrder, order);
    Engine.getInstance().setRandomSeed((int) (seed + 7919L * epoch));
    int steps = (mainOrder.size() + batch - 1) / batch;
    double total = 0;
    for (int s = 0; s < steps; s++) {
      List<LabelledSlice> m = new ArrayList<>(), a = new ArrayList<>();
      for (int i = s * batch; i < Math.min(mainOrder.size(), (s + 1) * batch); i++) m.add(augmented(mainOrder.get(i), augment, order));
      for (int i = 0; i < m.size() && !alongsideOrder.isEmpty(); i++) {
        a.add(augmented(alongsideOrder.get((s * batch + i) % alongsideOrder.size()), augment, order));
      }
      double loss = step.train(new Batch(m, a, epoch, s, steps));
      total += loss;
      listener.onStep(s, steps, loss);
    }
    return total / steps;
  }

  private static LabelledSlice augmented(LabelledSlice s, boolean augment, Random order) {
    return augment ? Augmenter.augment(s, new Random(order.nextLong())) : s;
  }
}
