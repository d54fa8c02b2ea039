package org.crossmodal.simulate;

import java.util.List;

/**
 * The acoustic tissues of a head slice and how they are derived from the segmentation classes and
 * the T1 intensities. Configuration, with defaults chosen so the brain stays visible through the
 * skull (see docs/simulator.md): the skull is modelled thin and partly transmissive.
 */
public record TissueTable(List<Tissue> tissues, double headThreshold, double csfBelow, double whiteAbove) {
  public static final int COUPLING = 0, SCALP_SKULL = 1, CSF = 2, GREY = 3, WHITE = 4, DEEP_GREY = 5;

  public static TissueTable defaults() {
    return new TissueTable(List.of(
        new Tissue("coupling gel", 0.01, 0.0, 1.50, 0.002),
        new Tissue("scalp and skull", 1.40, 0.3, 3.00, 2.5),
        new Tissue("CSF", 0.05, 0.0, 1.51, 0.002),
        new Tissue("grey matter", 0.55, 0.5, 1.60, 0.6),
        new Tissue("white matter", 0.85, 0.4, 1.62, 0.8),
        new Tissue("deep grey nuclei", 0.35, 0.5, 1.60, 0.6)),
        0.08, 0.30, 0.62);
  }

  /**
   * Tissues for the held-out check, unlike the defaults: deep grey nuclei brighter than white matter
   * (whose echo is close to grey matter's), a less reflective skull, faint CSF.
   */
  public static TissueTable heldOut() {
    return new TissueTable(List.of(
        new Tissue("coupling gel", 0.01, 0.0, 1.50, 0.002),
        new Tissue("scalp and skull", 0.9, 0.2, 2.40, 1.8),
        new Tissue("CSF", 0.02, 0.0, 1.51, 0.002),
        new Tissue("grey matter", 0.45, 0.3, 1.60, 0.6),
        new Tissue("white matter", 0.6, 0.3, 1.61, 0.7),
        new Tissue("deep grey nuclei", 1.1, 0.3, 1.62, 0.6)),
        0.08, 0.30, 0.62);
  }

  /**
   * Tissue index per pixel. {@code t1} is scaled to [0, 1] by its 99th percentile; {@code classes}
   * are the segmentation classes (0 background, 1 brain, 2 deep grey).
   */
  public byte[] tissues(float[] t1Unit, byte[] classes) {
    byte[] out = new byte[t1Unit.length];
    for (int i = 0; i < out.length; i++) {
      int t;
      if (classes[i] == 2) t = DEEP_GREY;
      else if (classes[i] == 1) t = t1Unit[i] < csfBelow ? CSF : t1Unit[i] > whiteAbove ? WHITE : GREY;
      else t = t1Unit[i] > headThreshold ? SCALP_SKULL : COUPLING;
      out[i] = (byte) t;
    }
    return out;
  }
}
