package org.crossmodal.data;

/**
 * Colour-flow Doppler (and any coloured overlay) inside an ultrasound image area: those pixels show
 * blood velocity, not tissue echo, and their luma would look like bright tissue to a network trained
 * on B-mode. A pixel that shows colour in any frame is taken out of the area the models see, so it is
 * neither trained on nor scored; B-mode pixels (R = G = B) always stay.
 */
public final class ColourFlow {
  /** Smallest max − min of R, G, B (of 255) counted as colour: well above the rounding of grey palettes and JPEG noise. */
  static final int CHROMA = 24;

  private ColourFlow() {}

  /** {@code area} without the pixels that are coloured in any frame of {@code rgb} (packed 0xRRGGBB); a new array. */
  public static boolean[] excluded(boolean[] area, int[][] rgb) {
    boolean[] out = area.clone();
    for (int[] frame : rgb) {
      for (int i = 0; i < out.length; i++) {
        int p = frame[i], r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) >= CHROMA) out[i] = false;
      }
    }
    return out;
  }
}
