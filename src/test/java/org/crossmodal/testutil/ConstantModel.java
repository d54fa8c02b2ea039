package org.crossmodal.testutil;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;

/**
 * A model file whose answer is known without running it: {@link TinyModel}'s network with the class
 * head's weights zeroed and its bias set, so that every pixel of every image gets the same logits.
 * With {@code margin} 10 the chosen class wins everywhere with probability ≈ 0.9999; expected Dice,
 * thresholds and labels then follow from the truth alone, by hand.
 */
public final class ConstantModel {
  private ConstantModel() {}

  /** Every pixel: class {@code winner} with logit {@code margin}, the others 0. */
  public static Path save(Path file, int winner, double margin, double fieldOfViewMm) throws IOException {
    float[] bias = new float[3];
    bias[winner] = (float) margin;
    return save(file, bias, fieldOfViewMm);
  }

  /** Every pixel gets {@code logits} (one per class of TinyModel's three). */
  public static Path save(Path file, float[] logits, double fieldOfViewMm) throws IOException {
    TinyModel.save(file, fieldOfViewMm);
    try (LoadedModel m = ModelFile.load(file, 2)) {
      int found = 0;
      for (Pair<String, Parameter> p : m.net().getParameters()) {
        NDArray a = p.getValue().getArray();
        if (p.getKey().endsWith("head_weight")) {
          a.set(new float[(int) a.size()]);
          found++;
        } else if (p.getKey().endsWith("head_bias")) {
          if (a.size() != logits.length) throw new IllegalStateException("head has " + a.size() + " classes, not " + logits.length);
          a.set(logits);
          found++;
        }
      }
      if (found != 2) throw new IllegalStateException("no class head (head_weight, head_bias) among " + m.net().getParameters().keys());
      ModelFile.save(file, m.net(), m.descriptor());
    }
    return file;
  }

  /**
   * {@link TinyModel}'s network (its head's weights kept, so the answer still varies with the image)
   * with {@code offsets} added to the class head's bias: a model that leans towards a class by a known margin.
   */
  public static Path leaning(Path file, float[] offsets, double fieldOfViewMm) throws IOException {
    TinyModel.save(file, fieldOfViewMm);
    try (LoadedModel m = ModelFile.load(file, 2)) {
      boolean found = false;
      for (Pair<String, Parameter> p : m.net().getParameters()) {
        if (!p.getKey().endsWith("head_bias")) continue;
        float[] b = p.getValue().getArray().toFloatArray();
        for (int i = 0; i < b.length; i++) b[i] += offsets[i];
        p.getValue().getArray().set(b);
        found = true;
      }
      if (!found) throw new IllegalStateException("no class head bias among " + m.net().getParameters().keys());
      ModelFile.save(file, m.net(), m.descriptor());
    }
    return file;
  }

  /** Softmax of {@code logits}: the probabilities every pixel gets. */
  public static double[] probabilities(float[] logits) {
    double sum = 0;
    double[] p = new double[logits.length];
    for (int i = 0; i < p.length; i++) sum += p[i] = Math.exp(logits[i]);
    for (int i = 0; i < p.length; i++) p[i] /= sum;
    return p;
  }
}
