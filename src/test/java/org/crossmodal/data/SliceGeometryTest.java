package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Resizing keeps images and labels on the same pixel centres, and normalisation ignores padding. */
class SliceGeometryTest {
  private static float[] mirror(float[] img, int w, int h) {
    float[] out = new float[img.length];
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = img[y * w + (w - 1 - x)];
    return out;
  }

  private static byte[] mirror(byte[] img, int w, int h) {
    byte[] out = new byte[img.length];
    for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) out[y * w + x] = img[y * w + (w - 1 - x)];
    return out;
  }

  @Test
  void resizingCommutesWithMirroringSoNothingShiftsToOneSide() {
    int w = 347, n = 128;
    Random rnd = new Random(3);
    float[] img = new float[w * w];
    byte[] lab = new byte[w * w];
    for (int i = 0; i < img.length; i++) {
      img[i] = rnd.nextFloat();
      lab[i] = (byte) rnd.nextInt(3);
    }
    assertArrayEquals(mirror(Resample.image(img, w, w, n, n), n, n), Resample.image(mirror(img, w, w), w, w, n, n), 1e-5f);
    assertArrayEquals(mirror(Resample.labels(lab, w, w, n, n), n, n), Resample.labels(mirror(lab, w, w), w, w, n, n));
    float[] big = Resample.image(img, w, w, 500, 500);
    assertArrayEquals(mirror(big, 500, 500), Resample.image(mirror(img, w, w), w, w, 500, 500), 1e-5f);
  }

  @Test
  void labelsLandWhereTheirImageLands() {
    // A bright disc with the same disc as its label, off centre, shrunk by an uneven factor.
    int w = 300, n = 128;
    float[] img = new float[w * w];
    byte[] lab = new byte[w * w];
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        boolean in = Math.hypot(x + 0.5 - 190, y + 0.5 - 120) < 40;
        img[y * w + x] = in ? 1 : 0;
        lab[y * w + x] = (byte) (in ? 1 : 0);
      }
    }
    float[] small = SliceGeometry.toField(img, w, w, w, n);
    byte[] labels = SliceGeometry.labelsToField(lab, w, w, w, n);
    for (int i = 0; i < small.length; i++) {
      if (small[i] > 0.8f) assertEquals(1, labels[i], "bright pixel " + i + " without its label");
      if (small[i] < 0.2f) assertEquals(0, labels[i], "dark pixel " + i + " with a label");
    }
    // Area averaging keeps the mean intensity.
    double a = 0, b = 0;
    for (float v : img) a += v;
    for (float v : small) b += v;
    assertEquals(a / img.length, b / small.length, 1e-4);
  }

  @Test
  void theSameAnatomyIsNormalisedAlikeWhateverThePadding() {
    int w = 64;
    Random rnd = new Random(5);
    float[] img = new float[w * w];
    boolean[] region = new boolean[w * w];
    for (int i = 0; i < img.length; i++) {
      region[i] = Math.hypot(i % w - 32, i / w - 32) < 25;
      img[i] = region[i] ? 100 + 20 * rnd.nextFloat() : 0;
    }
    // The same image placed in squares of 64 and of 96 pixels: a quarter and a half of padding.
    float[] a = SliceGeometry.normalise(SliceGeometry.toField(img, w, w, w, w), SliceGeometry.maskToField(region, w, w, w, w));
    float[] b = SliceGeometry.normalise(SliceGeometry.toField(img, w, w, 96, 96), SliceGeometry.maskToField(region, w, w, 96, 96));
    for (int y = 0; y < w; y++) {
      for (int x = 0; x < w; x++) {
        if (region[y * w + x]) assertEquals(a[y * w + x], b[(y + 16) * 96 + x + 16], 1e-4f);
      }
    }
    // Over the whole square (as before) the padding changes every value.
    float[] c = SliceGeometry.normalise(SliceGeometry.toField(img, w, w, 96, 96));
    assertTrue(Math.abs(a[32 * w + 32] - c[48 * 96 + 48]) > 0.1);
  }

  @Test
  void theHeadRegionFillsDarkInsidesAndLeavesAirOut() {
    int w = 50;
    float[] img = new float[w * w];
    for (int y = 10; y < 40; y++) for (int x = 10; x < 40; x++) img[y * w + x] = x > 20 && x < 30 ? 0 : 100; // a dark "ventricle"
    boolean[] r = SliceGeometry.headRegion(img, w, w);
    assertTrue(r[25 * w + 25], "inside the head");
    assertFalse(r[5 * w + 25], "air above");
    assertFalse(r[25 * w + 45], "air beside");
  }
}
