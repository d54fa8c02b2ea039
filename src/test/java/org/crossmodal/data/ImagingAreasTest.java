package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ImagingAreasTest {
  private static final int W = 128, H = 128;

  /** A sector from the top centre, opening {@code degrees}, radius {@code depth} pixels, speckle inside, black outside. */
  private static float[] sector(double degrees, int depth, Random rnd) {
    float[] img = new float[W * H];
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        double dx = x - W / 2.0, dy = y + 0.5;
        if (Math.hypot(dx, dy) < depth && Math.abs(Math.toDegrees(Math.atan2(dx, dy))) < degrees / 2) {
          img[y * W + x] = (float) (60 + 120 * rnd.nextDouble());
        }
      }
    }
    return img;
  }

  private static int count(boolean[] m) {
    int n = 0;
    for (boolean b : m) if (b) n++;
    return n;
  }

  private static int inSector(float[] img, boolean[] area, boolean inside) {
    int n = 0;
    for (int i = 0; i < img.length; i++) if ((img[i] > 0) == inside && area[i]) n++;
    return n;
  }

  @Test
  void theFanIsTheAreaAndThePaddingIsLeftOut() {
    Random rnd = new Random(1);
    float[][] frames = {sector(80, 110, rnd), sector(80, 110, rnd)};
    List<boolean[]> areas = ImagingAreas.of(new ImageSource("cine", W, H, frames, 0.5, 0.5, null));
    int signal = 0;
    for (float v : frames[0]) if (v > 0) signal++;
    assertTrue(inSector(frames[0], areas.get(0), true) > 0.97 * signal, "the fan is inside");
    assertTrue(count(areas.get(0)) < 1.25 * signal, "the black square around it is not (the smoothing adds a rim of a few pixels): "
        + count(areas.get(0)) + " pixels for a fan of " + signal);
  }

  @Test
  void framesOfDifferentDepthsEachGetTheirOwnFan() {
    Random rnd = new Random(2);
    float[][] frames = {sector(90, 120, rnd), sector(50, 60, rnd), new float[W * H]};
    List<boolean[]> areas = ImagingAreas.of(new ImageSource("stack", W, H, frames, 0.5, 0.5, null));
    int small = 0;
    for (float v : frames[1]) if (v > 0) small++;
    assertTrue(count(areas.get(1)) < 1.5 * small, "the small fan's own area: " + count(areas.get(1)) + " for " + small);
    assertTrue(count(areas.get(0)) > 3 * count(areas.get(1)));
    assertEquals(count(ImagingAreas.of(new ImageSource("one", W, H, new float[][] {frames[0]}, 0.5, 0.5, null)).get(0)),
        count(areas.get(2)), 0.01 * W * H, "a black frame takes the area found over all frames (the largest fan's)");
  }

  @Test
  void aMaskFromTheFileBoundsTheFan() {
    Random rnd = new Random(3);
    float[] img = sector(90, 120, rnd);
    for (int x = 0; x < 20; x++) img[5 * W + x] = 255; // burnt-in text, outside the region the file gives
    boolean[] region = new boolean[W * H];
    for (int y = 0; y < H; y++) for (int x = 24; x < W - 24; x++) region[y * W + x] = true;
    boolean[] area = ImagingAreas.of(new ImageSource("us", W, H, new float[][] {img}, 0.5, 0.5, region)).get(0);
    for (int i = 0; i < area.length; i++) if (area[i]) assertTrue(region[i], "pixel " + i + " outside the file's region");
    assertFalse(area[5 * W + 10]);
  }
}
