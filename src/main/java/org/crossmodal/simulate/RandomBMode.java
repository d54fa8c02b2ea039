package org.crossmodal.simulate;

import java.util.Arrays;
import java.util.Random;

/**
 * Domain randomisation, not physics: gives a probe view of labelled MRI a B-mode look drawn afresh
 * for every view from wide ranges, so a network learns the anatomy whatever the scanner, probe and
 * tissue echoes (in the spirit of SynthSeg's random contrasts). Along each beam of the probe: an
 * echo strength per acoustic tissue drawn independently (so the deep grey nuclei come out darker or
 * brighter than white matter), modulated by the MRI texture; bright echoes where tissues meet;
 * shadows behind the skull; attenuation left over after time-gain compensation; speckle with a
 * random grain and scatterer density; blur; log compression over a random dynamic range and gain;
 * then the smoothing that resampling to the network's pixels brings. It shares nothing with
 * {@link BModeSimulator} but the probe geometry.
 */
public final class RandomBMode {
  private static final int LINES = 96;
  private static final double SAMPLE_MM = 0.5;

  /** Least difference of echo between the deep grey nuclei and white matter in a look, dB. */
  static final double MIN_NUCLEI_CONTRAST_DB = 4;

  private RandomBMode() {}

  /**
   * One view's look. Echo and impedance per tissue of {@link TissueTable}; the skull's loss and the
   * attenuation left after time-gain compensation (negative: over-compensated) are round-trip.
   */
  record Look(double[] echo, double[] impedance, double texture, double specular, double skullLossDbPerMm, double dbPerCm,
      double grainAxial, double grainLateral, double density, double blur, double dynamicRangeDb, double gainDb, double smoothingMm) {

    static Look draw(Random rnd) {
      double[] echo = new double[6], impedance = new double[6];
      echo[TissueTable.COUPLING] = logUniform(rnd, 0.001, 0.05);
      echo[TissueTable.SCALP_SKULL] = logUniform(rnd, 0.3, 2);
      echo[TissueTable.CSF] = logUniform(rnd, 0.003, 0.2);
      for (int t : new int[] {TissueTable.GREY, TissueTable.WHITE}) echo[t] = logUniform(rnd, 0.08, 1);
      // The nuclei 4-16 dB darker or brighter than white matter: a look that hides them would only teach the network to miss them.
      double db = (MIN_NUCLEI_CONTRAST_DB + 12 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
      double deep = echo[TissueTable.WHITE] * Math.pow(10, db / 20);
      echo[TissueTable.DEEP_GREY] = deep >= 0.08 && deep <= 1 ? deep : echo[TissueTable.WHITE] * Math.pow(10, -db / 20);
      for (int t = 0; t < 6; t++) impedance[t] = 1.45 + 0.25 * rnd.nextDouble();
      impedance[TissueTable.SCALP_SKULL] = 2 + 2 * rnd.nextDouble();
      return new Look(echo, impedance, 1.5 * rnd.nextDouble(), 3 * rnd.nextDouble(), 0.1 + 0.9 * rnd.nextDouble(), -0.5 + 1.5 * rnd.nextDouble(),
          0.5 + 1.5 * rnd.nextDouble(), 0.5 + 1.5 * rnd.nextDouble(), rnd.nextDouble() < 0.3 ? 0.05 + 0.5 * rnd.nextDouble() : 1,
          2 * rnd.nextDouble(), 35 + 35 * rnd.nextDouble(), -6 + 12 * rnd.nextDouble(), 0.3 + 1.2 * rnd.nextDouble());
    }

    private static double logUniform(Random rnd, double lo, double hi) {
      return lo * Math.pow(hi / lo, rnd.nextDouble());
    }
  }

  /** Intensities in [0, 1] over the view's imaging area (0 outside), drawn with {@code rnd}. */
  public static float[] render(FieldView v, SliceInput s, ProbePose p, Random rnd) {
    Look look = Look.draw(rnd);
    int samples = Math.max(2, (int) Math.ceil(p.depthMm() / SAMPLE_MM));
    double[][] amplitude = new double[LINES][samples], specular = new double[LINES][samples];
    double[] origin = new double[2], dir = new double[2];
    double step = Math.pow(10, -look.dbPerCm() * SAMPLE_MM / 10 / 20), skullStep = Math.pow(10, -look.skullLossDbPerMm() * SAMPLE_MM / 20);
    for (int l = 0; l < LINES; l++) {
      ProbeView.beam(p, (double) l / (LINES - 1) - 0.5, origin, dir);
      double transmitted = 1, fade = 1;
      int previous = -1;
      for (int k = 0; k < samples; k++) {
        double r = k * SAMPLE_MM, x = origin[0] + r * dir[0], y = origin[1] + r * dir[1];
        int t = s.tissueAt(x, y);
        if (previous >= 0 && t != previous) {
          double z1 = look.impedance()[previous], z2 = look.impedance()[t], refl = (z2 - z1) / (z2 + z1);
          specular[l][k] = look.specular() * Math.abs(refl) * transmitted * fade;
          transmitted *= 1 - refl * refl;
        }
        if (t == TissueTable.SCALP_SKULL) transmitted *= skullStep;
        previous = t;
        fade *= step;
        double texture = Math.max(0.05, 1 + look.texture() * (s.t1At(x, y) - 0.5));
        amplitude[l][k] = look.echo()[t] * texture * transmitted * fade;
      }
    }
    double spacing = ProbeView.beamSpacing(p, p.depthMm() / 2, LINES);
    if (look.blur() > 0.1) amplitude = Smoothing.gaussian(amplitude, look.blur() / spacing, look.blur() / SAMPLE_MM);
    double[][] re = speckle(samples, look, rnd), im = speckle(samples, look, rnd);
    double[][] envelope = new double[LINES][samples];
    for (int l = 0; l < LINES; l++) {
      for (int k = 0; k < samples; k++) envelope[l][k] = amplitude[l][k] * Math.hypot(re[l][k], im[l][k]) + specular[l][k];
    }
    double ref = percentile(envelope, 0.995);
    double[][] shown = new double[LINES][samples];
    for (int l = 0; l < LINES; l++) {
      for (int k = 0; k < samples; k++) {
        double db = 20 * Math.log10(Math.max(envelope[l][k], 1e-12) / ref) + look.gainDb();
        shown[l][k] = Math.min(1, Math.max(0, (db + look.dynamicRangeDb()) / look.dynamicRangeDb()));
      }
    }
    shown = Smoothing.gaussian(shown, look.smoothingMm() / spacing, look.smoothingMm() / SAMPLE_MM);
    float[] out = new float[v.size() * v.size()];
    for (int i = 0; i < out.length; i++) {
      if (v.sector()[i]) out[i] = (float) bilinear(shown, v.line()[i] * (LINES - 1), v.depth()[i] / SAMPLE_MM);
    }
    return out;
  }

  /** A smoothed complex Gaussian field's real or imaginary part; sparse scatterers where density < 1. */
  private static double[][] speckle(int samples, Look look, Random rnd) {
    double[][] g = new double[LINES][samples];
    for (double[] row : g) {
      for (int k = 0; k < samples; k++) row[k] = look.density() >= 1 || rnd.nextDouble() < look.density() ? rnd.nextGaussian() : 0;
    }
    return Smoothing.gaussian(g, look.grainLateral(), look.grainAxial());
  }

  private static double bilinear(double[][] g, double line, double sample) {
    int l0 = Math.max(0, Math.min(g.length - 2, (int) line)), s0 = Math.max(0, Math.min(g[0].length - 2, (int) sample));
    double fl = Math.min(1, Math.max(0, line - l0)), fs = Math.min(1, Math.max(0, sample - s0));
    return (1 - fl) * ((1 - fs) * g[l0][s0] + fs * g[l0][s0 + 1]) + fl * ((1 - fs) * g[l0 + 1][s0] + fs * g[l0 + 1][s0 + 1]);
  }

  private static double percentile(double[][] v, double q) {
    double[] all = Arrays.stream(v).flatMapToDouble(Arrays::stream).toArray();
    Arrays.sort(all);
    return Math.max(1e-12, all[(int) (q * (all.length - 1))]);
  }
}
