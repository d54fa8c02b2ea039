package org.crossmodal.simulate;

import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * B-mode ultrasound from a labelled slice, in beam coordinates then scan-converted:
 * <ol>
 *   <li>scatterers: a Gaussian amplitude per RF sample, scaled by the tissue's scattering strength
 *       and modulated by the MRI texture; specular echoes where the acoustic impedance steps, with
 *       the transmitted share (1 − R²) carried on, so strong reflectors cast shadows;</li>
 *   <li>frequency-dependent attenuation accumulated along the beam (round trip), and time-gain
 *       compensation for 0.5 dB/cm/MHz, so low-attenuation fluid leaves enhancement behind it;</li>
 *   <li>axial point-spread function: a Gaussian-modulated cosine at the probe frequency; lateral: a
 *       Gaussian across beams that widens with distance from the focus;</li>
 *   <li>envelope of the analytic signal (FIR Hilbert transformer), log compression over the dynamic
 *       range to 8 bits, and scan conversion to a sector or linear image with the truth labels
 *       sampled at exactly the same points.</li>
 * </ol>
 * The same pose and seed give the same frame.
 */
public final class BModeSimulator {
  private static final double SOUND_MM_PER_US = 1.54;
  private static final int HILBERT_TAPS = 31;
  private static final double[] HILBERT = hilbert(HILBERT_TAPS);

  /** Display depth of every frame: poses image less deep, so all frames share one pixel size (a cine). */
  public static final double DISPLAY_DEPTH_MM = 160;

  private final TissueTable table;
  private final int lines, samplesPerWavelength, outputSize;

  /** A scan-converted frame: 8-bit B-mode, truth labels, the imaging sector, and the pixel size. */
  public record Frame(int size, byte[] bmode, byte[] labels, boolean[] sector, double pixelMm) {}

  public BModeSimulator(TissueTable table, int lines, int outputSize) {
    this.table = table;
    this.lines = lines;
    this.samplesPerWavelength = 10;
    this.outputSize = outputSize;
  }

  public static BModeSimulator defaults() {
    return new BModeSimulator(TissueTable.defaults(), 128, 256);
  }

  public int outputSize() {
    return outputSize;
  }

  public Frame simulate(SliceInput slice, ProbePose pose, long seed) {
    return simulate(slice, pose, Physics.fixed(table), seed);
  }

  /** A frame with its own {@link Physics}; its tissue table replaces the simulator's for the echoes (the slice's tissue map stays). */
  public Frame simulate(SliceInput slice, ProbePose pose, Physics physics, long seed) {
    Beams b = envelope(slice, pose, physics, seed);
    return scanConvert(slice, pose, b);
  }

  /** Envelope amplitudes per beam and sample, before log compression (for the realism checks). */
  record Beams(double[][] envelope, double sampleMm) {}

  Beams envelope(SliceInput slice, ProbePose pose, long seed) {
    return envelope(slice, pose, Physics.fixed(table), seed);
  }

  Beams envelope(SliceInput slice, ProbePose pose, Physics physics, long seed) {
    double wavelength = SOUND_MM_PER_US / pose.frequencyMhz();
    double dr = wavelength / 2 / samplesPerWavelength * 2; // 5 samples per round-trip carrier period
    int samples = (int) Math.ceil(pose.depthMm() / dr);
    double[] pulse = pulse(dr, wavelength, physics.pulseSigmaPeriods());
    double[][] rf = new double[lines][];
    IntStream.range(0, lines).parallel().forEach(l -> rf[l] = rfLine(slice, pose, physics, l, samples, dr, pulse, seed));
    double[][] lateral = lateralBlur(rf, pose, physics, dr);
    double[][] env = new double[lines][];
    IntStream.range(0, lines).parallel().forEach(l -> env[l] = analyticEnvelope(lateral[l]));
    return new Beams(env, dr);
  }

  private double[] rfLine(SliceInput s, ProbePose p, Physics physics, int l, int samples, double dr, double[] pulse, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed * 7919 + l);
    TissueTable table = physics.tissues();
    double[] scat = new double[samples];
    double[] origin = new double[2], dir = new double[2];
    beam(p, l, origin, dir);
    // Per-sample amplitude change in each tissue: its round-trip attenuation against the TGC's.
    double[] step = new double[table.tissues().size()];
    for (int t = 0; t < step.length; t++) {
      double db = 2 * (physics.tgcDbPerCmMhz() - table.tissues().get(t).attenuation()) * p.frequencyMhz() * dr / 10;
      step[t] = Math.pow(10, db / 20);
    }
    double gain = 1, transmitted = 1;
    int previous = -1;
    for (int i = 0; i < samples; i++) {
      double r = i * dr, x = origin[0] + r * dir[0], y = origin[1] + r * dir[1];
      int t = s.tissueAt(x, y);
      Tissue tissue = table.tissues().get(t);
      if (previous >= 0 && t != previous) {
        double z1 = table.tissues().get(previous).impedance(), z2 = tissue.impedance();
        double refl = (z2 - z1) / (z2 + z1);
        scat[i] += physics.specularGain() * refl * transmitted;
        transmitted *= 1 - refl * refl;
      }
      previous = t;
      gain *= step[t];
      double texture = 1 + tissue.textureModulation() * (s.t1At(x, y) - 0.5);
      double amplitude = tissue.scattering() * Math.max(0.1, texture) * transmitted * gain;
      // Sparse scatterers (density < 1) give speckle that is not fully developed; the level is kept.
      double g = rnd.nextGaussian();
      if (physics.scattererDensity() < 1) g = rnd.nextDouble() < physics.scattererDensity() ? g / Math.sqrt(physics.scattererDensity()) : 0;
      scat[i] += amplitude * g;
    }
    return convolve(scat, pulse);
  }

  private void beam(ProbePose p, int l, double[] origin, double[] dir) {
    ProbeView.beam(p, lines == 1 ? 0 : (double) l / (lines - 1) - 0.5, origin, dir);
  }

  /** Gaussian-modulated cosine at the carrier, its envelope's σ {@code sigmaPeriods} carrier periods (0.6: about two cycles long). */
  private static double[] pulse(double dr, double wavelength, double sigmaPeriods) {
    double period = wavelength / 2;               // round trip: carrier period in depth
    double sigma = sigmaPeriods * period;
    int half = (int) Math.ceil(3 * sigma / dr);
    double[] h = new double[2 * half + 1];
    for (int i = -half; i <= half; i++) {
      double z = i * dr;
      h[i + half] = Math.exp(-z * z / (2 * sigma * sigma)) * Math.cos(2 * Math.PI * z / period);
    }
    return h;
  }

  /**
   * Lateral PSF: Gaussian across beams, σ = 0.6 mm·(2.5 MHz / f) times the beam-width factor at the
   * focus (by default half the depth), wider away from it.
   */
  private double[][] lateralBlur(double[][] rf, ProbePose p, Physics physics, double dr) {
    int samples = rf[0].length;
    double[][] out = new double[lines][samples];
    double focus = p.depthMm() * physics.focusShare(), sigma0 = 0.6 * 2.5 / p.frequencyMhz() * physics.beamWidthFactor();
    IntStream.range(0, samples).parallel().forEach(i -> {
      double r = Math.max(dr, i * dr);
      double sigmaMm = sigma0 * (1 + Math.abs(r - focus) / Math.max(focus, p.depthMm() - focus));
      double spacing = ProbeView.beamSpacing(p, r, lines);
      double sigma = sigmaMm / spacing;
      int radius = (int) Math.min(6, Math.ceil(3 * sigma));
      double[] w = new double[2 * radius + 1];
      for (int k = -radius; k <= radius; k++) w[k + radius] = Math.exp(-k * k / (2 * sigma * sigma + 1e-9));
      for (int l = 0; l < lines; l++) {
        double sum = 0, norm = 0;
        for (int k = Math.max(-radius, -l); k <= Math.min(radius, lines - 1 - l); k++) {
          sum += w[k + radius] * rf[l + k][i];
          norm += w[k + radius];
        }
        out[l][i] = sum / norm;
      }
    });
    return out;
  }

  private static double[] analyticEnvelope(double[] rf) {
    double[] h = hilbertTransform(rf);
    double[] env = new double[rf.length];
    for (int i = 0; i < rf.length; i++) env[i] = Math.sqrt(rf[i] * rf[i] + h[i] * h[i]);
    return env;
  }

  /** Convolution with {@link #HILBERT}, whose even taps are zero. */
  private static double[] hilbertTransform(double[] x) {
    int half = HILBERT_TAPS / 2;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      for (int n = 1; n <= half; n += 2) {
        double c = HILBERT[half + n];
        if (i - n >= 0) s += c * x[i - n];
        if (i + n < x.length) s -= c * x[i + n];
      }
      y[i] = s;
    }
    return y;
  }

  /** Windowed FIR Hilbert transformer: 2/(πn) at odd n, Hamming window. */
  private static double[] hilbert(int taps) {
    double[] h = new double[taps];
    int half = taps / 2;
    for (int n = -half; n <= half; n++) {
      double w = 0.54 + 0.46 * Math.cos(Math.PI * n / half);
      h[n + half] = n % 2 == 0 ? 0 : w * 2 / (Math.PI * n);
    }
    return h;
  }

  private static double[] convolve(double[] x, double[] k) {
    int half = k.length / 2;
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double s = 0;
      int lo = Math.max(0, i - half), hi = Math.min(x.length - 1, i + half);
      for (int j = lo; j <= hi; j++) s += x[j] * k[i - j + half];
      y[i] = s;
    }
    return y;
  }

  private Frame scanConvert(SliceInput s, ProbePose p, Beams b) {
    int n = outputSize;
    double[][] env = b.envelope();
    double ref = percentile(env, 0.995);
    byte[] bmode = new byte[n * n], labels = new byte[n * n];
    boolean[] inside = new boolean[n * n];
    IntStream.range(0, n).parallel().forEach(j -> {
      double[] m = new double[4];
      for (int i = 0; i < n; i++) {
        if (!ProbeView.map(p, n, i, j, m)) continue;
        int k = j * n + i;
        inside[k] = true;
        double a = bilinear(env, m[0] * (lines - 1), m[1] / b.sampleMm());
        double db = 20 * Math.log10(Math.max(a, 1e-12) / ref) + p.gainDb();
        bmode[k] = (byte) Math.round(255 * Math.min(1, Math.max(0, (db + p.dynamicRangeDb()) / p.dynamicRangeDb())));
        labels[k] = s.classAt(m[2], m[3]);
      }
    });
    return new Frame(n, bmode, labels, inside, ProbeView.pixelMm(p, n));
  }

  private static double bilinear(double[][] env, double line, double sample) {
    int l0 = Math.min(env.length - 2, (int) line), s0 = Math.min(env[0].length - 2, (int) sample);
    double fl = line - l0, fs = sample - s0;
    return (1 - fl) * ((1 - fs) * env[l0][s0] + fs * env[l0][s0 + 1]) + fl * ((1 - fs) * env[l0 + 1][s0] + fs * env[l0 + 1][s0 + 1]);
  }

  /** Percentile of a regular subsample (every 7th value): the reference level needs no exact sort. */
  private static double percentile(double[][] v, double q) {
    int total = 0;
    for (double[] r : v) total += (r.length + 6) / 7;
    double[] all = new double[total];
    int k = 0;
    for (double[] r : v) for (int i = 0; i < r.length; i += 7) all[k++] = r[i];
    java.util.Arrays.sort(all);
    return Math.max(1e-12, all[(int) (q * (total - 1))]);
  }
}
