package org.crossmodal.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossmodal.dicom.FanDetector;

/**
 * The imaging area of each frame of an ultrasound source: the pixels its statistics are taken over
 * and outside of which the answer is background. Networks see every image normalised over its
 * imaged pixels only, so an area with black padding in it changes what the network is shown: the
 * area must be the fan itself, not the rectangle of the file's Ultrasound Region, nor a whole TIFF.
 * Within what the source says (its mask, else the whole image) the fan is found over all frames,
 * then each frame's own fan within that: frames of several probes or depths stacked in one file
 * each get theirs, and every image is treated as the probe views and simulated frames a network
 * learns on, whose areas are found the same way.
 */
public final class ImagingAreas {
  /** A fan smaller than this share of the image is taken as not found. */
  static final double TOO_SMALL = 0.01;

  private ImagingAreas() {}

  public static List<boolean[]> of(ImageSource src) {
    return of(src.frames(), src.width(), src.height(), src.mask());
  }

  /**
   * The area of each of {@code frames} ({@code w} × {@code h}) within {@code given}, an area free of
   * text (null: the whole image, where the largest region of signal is the fan and text drops out).
   */
  public static List<boolean[]> of(float[][] frames, int w, int h, boolean[] given) {
    boolean[] bound = given;
    if (bound == null) {
      bound = new boolean[w * h];
      Arrays.fill(bound, true);
    }
    boolean[] common = given == null ? FanDetector.detect(frames, w, h) : FanDetector.signalHull(frames, w, h, given);
    if (count(common) < TOO_SMALL * w * h) common = bound;
    List<boolean[]> out = new ArrayList<>();
    for (float[] frame : frames) out.add(fan(frame, w, h, common));
    return out;
  }

  /**
   * The fan of one image within {@code within} (the sector an acquisition or a simulated probe
   * covers): the pixels the echoes reach. Simulated images and probe views have it found the same
   * way, so that what a network learns on them is normalised as the frames it will be given.
   */
  public static boolean[] fan(float[] image, int w, int h, boolean[] within) {
    boolean[] f = FanDetector.signalHull(new float[][] {image}, w, h, within);
    return count(f) < TOO_SMALL * w * h ? within : f;
  }

  private static int count(boolean[] m) {
    int n = 0;
    for (boolean b : m) if (b) n++;
    return n;
  }
}
