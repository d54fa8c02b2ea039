package org.crossmodal.simulate;

import java.util.Random;

/**
 * Random echo strength per class for a labelled MRI view, so a network cannot rely on how bright a
 * structure is in T1 and has to know it by shape and place, as SynthSeg randomises contrast per
 * label (Billot et al., Medical Image Analysis 2023). The first foreground class (class 1) is the
 * reference and keeps its intensity; the background is scaled by a factor log-uniform in
 * [1/{@code background}, {@code background}], every further class by its own factor log-uniform in
 * [1/{@code foreground}, {@code foreground}]. The T1 texture inside each class is kept.
 */
public record ClassContrast(double foreground, double background) {
  /** Every factor 1: the view keeps its T1 contrast. */
  public static final ClassContrast NONE = new ClassContrast(1, 1);

  public ClassContrast {
    if (!(foreground >= 1) || !(background >= 1)) {
      throw new IllegalArgumentException("student.adaptation.classContrast and backgroundContrast must be at least 1 (1: none), got "
          + foreground + " and " + background);
    }
  }

  /**
   * One view's factors, index = class. Draws from {@code rnd} only for ranges above 1: the classes
   * from 2 upwards first, then the background.
   */
  public double[] draw(int classes, Random rnd) {
    double[] f = new double[classes];
    java.util.Arrays.fill(f, 1);
    for (int c = 2; c < classes; c++) f[c] = logUniform(foreground, rnd);
    if (classes > 0) f[0] = logUniform(background, rnd);
    return f;
  }

  private static double logUniform(double range, Random rnd) {
    return range > 1 ? Math.exp((2 * rnd.nextDouble() - 1) * Math.log(range)) : 1;
  }

  /** A new image: each pixel's intensity times its class's factor. */
  public static float[] apply(float[] intensity, byte[] labels, double[] factors) {
    float[] out = new float[intensity.length];
    for (int i = 0; i < out.length; i++) out[i] = (float) (intensity[i] * factors[labels[i]]);
    return out;
  }
}
