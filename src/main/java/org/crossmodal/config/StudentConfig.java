package org.crossmodal.config;


/**
 * Configuration of the student: pseudo-labelling, self-training rounds and the domain-adaptation
 * layers, each switchable so its effect can be measured (the ablation).
 */
public final class StudentConfig {
  /** Self-training rounds: each re-labels the ultrasound with the model so far, then trains. */
  public int rounds = 2;
  /**
   * 7: with the 2 warm-up epochs, 16 epochs over the training frames, as many as the demo's oracle
   * trains (the student's budget at least the oracle's). With a 50-epoch teacher, +0.018 mean
   * foreground Dice over 3 paired seeds against 4 epochs and a 25-epoch teacher
   * (docs/experiments/2026-12-05-bf16-training-and-teacher-seeds.md); 4 before 2026-12-05.
   */
  public int epochsPerRound = 7;
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
  public Target target = new Target();

  /**
   * The ultrasound the student adapts to (its target domain). Labelled real ultrasound (labels beside
   * the image) never trains: it is scored.
   */
  public static final class Target {
    /** Ultrasound simulated from the teacher's training slices (the demo's; evaluation always uses simulated test frames). */
    public boolean simulated = true;
    /** The run's real ultrasound ({@code ultrasound:}), unlabelled, every fifth frame kept for model selection. */
    public boolean real = true;
  }

  public static final class Adaptation {
    /**
     * Labelled MRI also shown as probe views drawn afresh every epoch, as the teacher learnt it
     * ({@code teacher.data}: share of views, probes, scale); false: whole slices only.
     */
    public boolean probeViews = true;
    /** Those views with random B-mode looks too ({@code teacher.data.randomLook}); false: MRI intensities only. */
    public boolean randomLook = true;
    /** Train on pseudo-labelled ultrasound (self-training). */
    public boolean pseudoLabels = true;
    public double pseudoLabelWeight = 1.0;
    /**
     * On ultrasound, the pseudo-labels and the mean teacher's consistency teach only where the
     * foreground is (the background against the sum of the foreground classes); which foreground
     * class a pixel belongs to is learnt from labelled MRI alone. The teacher cannot tell the deep grey
     * nuclei from the rest of the brain on ultrasound (ROC AUC 0.51), so its brain labels over the
     * nuclei taught the student that there are none (docs/experiments/2026-11-29-foreground-only-targets.md). false: every class.
     */
    public boolean ultrasoundForegroundOnly = true;
    /** Separate batch norms for ultrasound: the teacher's own (learnt on looks) or copies of the MRI ones. */
    public boolean domainBatchNorm = true;
    /**
     * AdaBN: re-estimate the ultrasound batch norms' statistics on the ultrasound frames before
     * training. Always done when the teacher has no ultrasound batch norms of its own; off by default
     * because a teacher's statistics learnt on random looks did better (docs/transfer.md).
     */
    public boolean adaBN = false;
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
    /**
     * Confidences calibrated by temperature scaling, fitted on the labelled images nearest to
     * ultrasound (MRI probe views of the validation slices with random B-mode looks, through the
     * ultrasound batch norms); the labels themselves hardly change, as thresholds are quantiles.
     */
    public boolean calibrate = true;
    /** Per class, pixels below this quantile of that class's confidences are ignored. */
    public double quantile = 0.5;
    /** A class's threshold never exceeds this, so confident classes keep all their confident pixels. */
    public double cap = 0.9;
    /**
     * The background's own quantile, not capped; null: {@code quantile} and {@code cap} as for the
     * other classes. The teacher's background labels are wrong a third of the time (brain
     * near the skull and the sector's edge); keeping only the more confident ones gave +2.8 points of
     * the gap on average over 4 paired runs with foreground-only targets, ahead in 3 and level in 1
     * (docs/experiments/2026-11-29-foreground-only-targets.md).
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

  /** Refuses settings that would only fail after hours of training. */
  public void check() {
    pseudoLabels.check();
    if (!LAST.equals(selection) && !"flipAgreement".equals(selection) && !"entropy".equals(selection)) {
      throw new IllegalArgumentException("student.selection must be last, flipAgreement or entropy, got '" + selection + "'");
    }
  }

  /** A short name for what is switched on, for tables. */
  public String adaptationName() {
    StringBuilder b = new StringBuilder();
    if (adaptation.pseudoLabels) b.append("+pseudo-labels");
    if (adaptation.domainBatchNorm) b.append(adaptation.adaBN ? "+DSBN/AdaBN" : "+DSBN");
    if (adaptation.adversarial) b.append("+adversarial");
    if (adaptation.meanTeacher) b.append("+mean-teacher");
    if (adaptation.probeViews) b.append(adaptation.randomLook ? "+probe views with random looks" : "+probe views");
    if (warmupEpochs > 0) b.append("+warm-up");
    if ((adaptation.pseudoLabels || adaptation.meanTeacher) && adaptation.ultrasoundForegroundOnly) b.append("+foreground-only ultrasound targets");
    return b.length() == 0 ? "none" : b.substring(1);
  }
}
