package org.crossmodal.data;

/**
 * Colour-flow Doppler (and any coloured overlay) inside an ultrasound image area: those pixels show
 * blood velocity, not tissue echo, and their luma would look like bright tissue to a network trained
 * on B-mode. A pixel that shows colour in any frame is taken out of the area the models see, so it is
 * neither trained on nor scored; B-mode pixels (R = G = B) always stay. An image coloured over most
 * of its area is a colour rendering, not a Doppler overlay (pydicom's RGB ultrasound test image is
 * yellow over 92 % of its pixels): its area stays whole and its luma is what the models see.
 */
public final class ColourFlow {
  /** Smallest max − min of R, G, B (of 255) counted as colour: well above the rounding of grey palettes and JPEG noise. */
  static final int CHROMA = 24;
  /** Above this share of the area coloured, the image is taken as a colour rendering and nothing is excluded. */
  static final double MOST = 0.5;

  private ColourFlow() {}

  /** {@code area} without the pixels that are coloured in any frame of {@code rgb} (packed 0xRRGGBB); a new array. */
  public static boolean[] excluded(boolean[] area, int[][] rgb) {
    boolean[] out = area.clone();
    int inside = 0, coloured = 0;
    for (int i = 0; i < out.length; i++) {
      if (!area[i]) continue;
      inside++;
      for (int[] frame : rgb) {
        int p = frame[i], r = p >> 16 & 0xff, g = p >> 8 & 0xff, b = p & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) >= CHROMA) {
          out[i] = false;
          coloured++;
          break;
        }
      }
    }
    return coloured > MOST * inside ? area.clone() : out;
  }
}
