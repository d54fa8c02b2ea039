package org.crossmodal.config;

import org.crossmodal.simulate.ClassContrast;

/**
 * Configuration of the student: pseudo-labelling, self-training rounds and the domain-adaptation
 * layers, each switchable so its effect can be measured (the ablation).
 */
public final class StudentConfig {
  /** Self-training rounds: each re-labels the ultrasound with the model so far, then trains. */
  public int rounds = 2;
  /**
   * 4 since stop 18 (3 before): +4.3 points of the gap (against a converged oracle) on average over 5
   * paired seeds, ahead in 3, level in 1, behind in 1, for about 50 s more in the demo
   * (docs/transfer.md, stop 18).
   */
  public int epochsPerRound = 4;
  /**
   * Epochs before the first pseudo-labels, trained on labelled MRI with the other adaptation layers
   * only, so the first labels come from a model that has already met ultrasound (and, by default,
   * MRI shown as speckled probe views).
   */
  public int warmupEpochs = 2;
  /** Images per domain and step: a step sees this many MRI slices and this many ultrasound frames. */
  public int batchSize = 8;
  public double learningRate = 5e-4;
  public long seed = 42;
  public int threads = 2;
  /** {@link #selection} that keeps the last epoch instead of scoring epochs. */
  public static final String LAST = "last";
  /**
   * Which epoch the student keeps, without ultrasound labels: the {@code last} (default; it never
   * did worse than the scores over 7 runs, docs/transfer.md) or the one with the best {@code
   * flipAgreement} or {@code entropy} on validation ultrasound. Both scores are always recorded.
   */
  public String selection = LAST;
  public Adaptation adaptation = new Adaptation();
  public PseudoLabels pseudoLabels = new PseudoLabels();

  public static final class Adaptation {
    /**
     * Add to the labelled MRI one probe view per slice: the slice reformatted into a sector from a
     * pose the ultrasound is acquired with (no acoustics, no ultrasound labels). On by default, with
     * speckle and the warm-up: +10.8 points of the gap over 5 paired runs (docs/transfer.md).
     */
    public boolean probeGeometry = true;
    /** Give those MRI views B-mode-like speckle and log compression (texture only, no acoustics). */
    public boolean speckleAppearance = true;
    /**
     * With speckle, each view's echo fades with depth by a random 0 to this many dB/cm (attenuation
     * left after time-gain compensation; the far field of B-mode is darker). 0: none.
     */
    public double depthAttenuation = 1;
    /**
     * With speckle, each view draws the steps of its MRI intensity along the beam as bright echoes of
     * a random 0 to this strength (interfaces such as the skull reflect). 0: none. With both at 0 the
     * views are those of stop 14.
     */
    public double specularEchoes = 20;
    /**
     * With speckle, each view scales the echo of every class after the first foreground class (for
     * the default recipe: the deep grey nuclei) by its own random factor, log-uniform in [1/this,
     * this], before speckle, so the network learns them by shape and place rather than by their T1
     * brightness ({@link ClassContrast}). 1: none, the default since stop 17:
     * with foreground-only ultrasound targets the views' own T1 contrast did better than 3 (stop 16's
     * default) in 3 of 4 paired runs, by 2.8 points of the gap on average (docs/transfer.md).
     */
    public double classContrast = 1;
    /** The same for the background (scalp, skull, outside the head), log-uniform in [1/this, this]. 1: none (stop 16: 2). */
    public double backgroundContrast = 1;
    /** Train on pseudo-labelled ultrasound (self-training). */
    public boolean pseudoLabels = true;
    public double pseudoLabelWeight = 1.0;
    /**
     * On ultrasound, the pseudo-labels and the mean teacher's consistency teach only where the
     * foreground is (the background against the sum of the foreground classes); which foreground
     * class a pixel belongs to is learnt from labelled MRI alone. The teacher cannot tell the deep grey
     * nuclei from the rest of the brain on ultrasound (ROC AUC 0.51), so its brain labels over the
     * nuclei taught the student that there are none (docs/transfer.md, stop 17). false: every class.
     */
    public boolean ultrasoundForegroundOnly = true;
    /** Separate batch-norm statistics for ultrasound, initialised by AdaBN. */
    public boolean domainBatchNorm = true;
    /** Domain classifier on the bottleneck behind gradient reversal; its weight ramps up to this. */
    public boolean adversarial = true;
    public double adversarialWeight = 0.1;
    /** Mean-teacher consistency on ultrasound: an exponential moving average of the student as its target. */
    public boolean meanTeacher = true;
    public double consistencyWeight = 1.0;
    public double emaDecay = 0.99;
  }

  public static final class PseudoLabels {
    public int monteCarloSamples = 2;
    public boolean flip = true;
    /** Per class, pixels below this quantile of that class's confidences are ignored. */
    public double quantile = 0.5;
    /** A class's threshold never exceeds this, so confident classes keep all their confident pixels. */
    public double cap = 0.9;
    /**
     * The background's own quantile, not capped; null: {@code quantile} and {@code cap} as for the
     * other classes (stop 16). The teacher's background labels are wrong a third of the time (brain
     * near the skull and the sector's edge); keeping only the more confident ones gave +2.8 points of
     * the gap on average over 4 paired runs with foreground-only targets, ahead in 3 and level in 1
     * (docs/transfer.md, stop 17).
     */
    public Double backgroundQuantile = 0.75;

    /** Refuses quantiles outside [0, 1], which would otherwise keep all or nothing without a word. */
    public void check() {
      if (!(quantile >= 0 && quantile <= 1) || (backgroundQuantile != null && !(backgroundQuantile >= 0 && backgroundQuantile <= 1))) {
        throw new IllegalArgumentException("student.pseudoLabels.quantile and backgroundQuantile (--quantile, --background-quantile) must be between 0 and 1, got "
            + quantile + " and " + backgroundQuantile);
      }
    }
  }

  /** Refuses class-contrast ranges below 1 and quantiles outside [0, 1], which would only fail (or keep nothing) later. */
  public void check() {
    new ClassContrast(adaptation.classContrast, adaptation.backgroundContrast);
    pseudoLabels.check();
  }

  /** A short name for what is switched on, for tables. */
  public String adaptationName() {
    StringBuilder b = new StringBuilder();
    if (adaptation.pseudoLabels) b.append("+pseudo-labels");
    if (adaptation.domainBatchNorm) b.append("+DSBN/AdaBN");
    if (adaptation.adversarial) b.append("+adversarial");
    if (adaptation.meanTeacher) b.append("+mean-teacher");
    if (adaptation.probeGeometry) b.append(adaptation.speckleAppearance ? "+speckled probe views" : "+probe views");
    if (adaptation.probeGeometry && adaptation.speckleAppearance && (adaptation.depthAttenuation > 0 || adaptation.specularEchoes > 0)) {
      b.append("+B-mode echoes");
    }
    if (adaptation.probeGeometry && adaptation.speckleAppearance && (adaptation.classContrast > 1 || adaptation.backgroundContrast > 1)) {
      b.append("+class contrast");
    }
    if (warmupEpochs > 0) b.append("+warm-up");
    if ((adaptation.pseudoLabels || adaptation.meanTeacher) && adaptation.ultrasoundForegroundOnly) b.append("+foreground-only ultrasound targets");
    return b.length() == 0 ? "none" : b.substring(1);
  }
}
