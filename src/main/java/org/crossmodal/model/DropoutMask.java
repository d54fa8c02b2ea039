package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Dropout with its Bernoulli mask drawn in Java on all cores instead of by libtorch, whose CPU
 * {@code bernoulli_} draws one element after another from a single generator (docs/engine.md).
 * The same operation: every element kept with probability {@code 1 - p} and scaled by
 * {@code 1 / (1 - p)}, the gradient masked the same way. Reproducible: the mask's seed is drawn from
 * libtorch's generator, which training seeds per epoch, and each block of the mask has its own
 * stream, so neither thread count nor scheduling changes it.
 */
final class DropoutMask {
  /** Blocks of the mask, each with its own random stream. */
  private static final int BLOCKS = 64;
  private static final ThreadLocal<float[]> BUFFER = new ThreadLocal<>();

  private DropoutMask() {}

  /**
   * {@code x} (N, C, H, W) times the mask. The mask is written in channels-last order (N, H, W, C)
   * and viewed as (N, C, H, W), so it matches the network's channels-last activations element for
   * element in memory. {@code bf16}: {@code x} is bf16, and so is the mask (a bf16 times fp32
   * product would be fp32).
   */
  static NDArray apply(NDArray x, float p, boolean bf16) {
    Shape s = x.getShape();
    int n = Math.toIntExact(s.size());
    long seed = x.getManager().randomInteger(Long.MIN_VALUE, Long.MAX_VALUE, new Shape(1), DataType.INT64).getLong();
    float[] mask = BUFFER.get();
    if (mask == null || mask.length < n) {
      mask = new float[n];
      BUFFER.set(mask);
    }
    fill(mask, n, p, seed);
    NDArray m = x.getManager().create(FloatBuffer.wrap(mask, 0, n), new Shape(s.get(0), s.get(2), s.get(3), s.get(1)))
        .transpose(0, 3, 1, 2);
    if (bf16) m = Bf16.toBf16(m, x.getManager());
    return x.mul(m);
  }

  /**
   * {@code mask[0..n)}: 0 with probability {@code p}, else {@code 1 / (1 - p)}; 16 bits of a 64-bit
   * draw per element (p resolved to 1/65 536).
   */
  static void fill(float[] mask, int n, float p, long seed) {
    int threshold = (int) Math.round(p * 65536.0);
    float keep = 1f / (1 - p);
    int per = (n + BLOCKS - 1) / BLOCKS;
    IntStream.range(0, BLOCKS).parallel().forEach(k -> {
      SplittableRandom r = new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (k + 1)));
      int end = Math.min(n, (k + 1) * per);
      for (int i = k * per; i < end; ) {
        long bits = r.nextLong();
        for (int j = 0; j < 4 && i < end; j++, i++, bits >>>= 16) mask[i] = (bits & 0xFFFF) >= threshold ? keep : 0f;
      }
    });
  }
}
