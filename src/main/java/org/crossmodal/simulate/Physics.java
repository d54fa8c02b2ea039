package org.crossmodal.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The acoustic settings of one simulated frame beyond the probe pose: the tissues' echoes and
 * losses, time-gain compensation, how bright interfaces echo, the pulse's bandwidth (cycles of its
 * Gaussian envelope), the focus (share of the depth), the lateral beam width (times the default),
 * and the scatterer density (share of RF samples holding a scatterer; 1: fully developed speckle).
 */
public record Physics(TissueTable tissues, double tgcDbPerCmMhz, double specularGain, double pulseSigmaPeriods,
    double focusShare, double beamWidthFactor, double scattererDensity) {

  /** The simulator's fixed defaults (docs/simulator.md). */
  public static Physics defaults() {
    return fixed(TissueTable.defaults());
  }

  /** The default settings with this tissue table. */
  public static Physics fixed(TissueTable tissues) {
    return new Physics(tissues, 0.5, 6, 0.6, 0.5, 1, 1);
  }

  /**
   * Ranges to draw each frame's physics from: every tissue's echo times a log-uniform factor within
   * [1/{@code echoSpread}, {@code echoSpread}] (each tissue its own, so contrasts change sign), its
   * attenuation times one within [1/{@code lossSpread}, {@code lossSpread}], texture modulation up to
   * {@code maxTexture}; TGC, interface echo, bandwidth, focus, beam width and scatterer density
   * uniform in their [min, max].
   */
  public record Ranges(double echoSpread, double lossSpread, double maxTexture, double minTgc, double maxTgc, double minSpecular,
      double maxSpecular, double minPulseSigma, double maxPulseSigma, double minFocus, double maxFocus, double minBeamWidth,
      double maxBeamWidth, double minDensity, double maxDensity) {

    /** Wide ranges around the defaults, for the frames a student learns from and is tested on. */
    public static final Ranges WIDE = new Ranges(2.5, 1.6, 0.8, 0.3, 0.7, 2, 10, 0.35, 1.0, 0.3, 0.8, 0.7, 1.5, 0.15, 1);
    /** The held-out check: little spread around {@link TissueTable#heldOut}, broad-band pulses, a deep focus, sparse scatterers. */
    public static final Ranges HELD_OUT = new Ranges(1.2, 1.1, 0.3, 0.55, 0.65, 3, 5, 0.3, 0.4, 0.6, 0.75, 1.1, 1.3, 0.05, 0.12);

    public Physics draw(TissueTable base, Random rnd) {
      List<Tissue> tissues = new ArrayList<>();
      for (Tissue t : base.tissues()) {
        tissues.add(new Tissue(t.name(), t.scattering() * logUniform(rnd, echoSpread), maxTexture * rnd.nextDouble(),
            t.impedance() * (1 + 0.03 * (2 * rnd.nextDouble() - 1)), t.attenuation() * logUniform(rnd, lossSpread)));
      }
      TissueTable table = new TissueTable(tissues, base.headThreshold(), base.csfBelow(), base.whiteAbove());
      return new Physics(table, uniform(rnd, minTgc, maxTgc), uniform(rnd, minSpecular, maxSpecular),
          uniform(rnd, minPulseSigma, maxPulseSigma), uniform(rnd, minFocus, maxFocus), uniform(rnd, minBeamWidth, maxBeamWidth),
          uniform(rnd, minDensity, maxDensity));
    }

    private static double uniform(Random rnd, double lo, double hi) {
      return lo + (hi - lo) * rnd.nextDouble();
    }

    private static double logUniform(Random rnd, double spread) {
      return Math.exp((2 * rnd.nextDouble() - 1) * Math.log(spread));
    }
  }
}
