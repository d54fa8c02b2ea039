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
  @Test
  void isotropicPixelsAndTheSideOfAField() {
    assertEquals(0.5, SliceGeometry.isotropic(0.5, 0.5));
    assertEquals(0.5, SliceGeometry.isotropic(0.5, 0.5004), "within a thousandth");
    assertEquals(0.5, SliceGeometry.isotropic(0.5, 0.4996), "within a thousandth");
    assertEquals(0, SliceGeometry.isotropic(0.5, 0.501));
    assertEquals(0, SliceGeometry.isotropic(0.5, 0.499));
    assertEquals(0, SliceGeometry.isotropic(0, 0));
    assertEquals(0, SliceGeometry.isotropic(-1, -1));
    assertEquals(80, SliceGeometry.side(100, 60, 0.5, 40));
    assertEquals(133, SliceGeometry.side(100, 60, 0.3, 40), "40 / 0.3 = 133.3");
    assertEquals(134, SliceGeometry.side(100, 60, 0.2985, 40), "40 / 0.2985 = 134.0");
    assertEquals(100, SliceGeometry.side(100, 60, 0, 40), "unknown pixel size");
    assertEquals(100, SliceGeometry.side(60, 100, 0.5, 0), "unknown field");
    assertEquals(1, SliceGeometry.side(10, 10, 1, 0.2), "at least one pixel");
  }

  @Test
  void imagesArePlacedInTheCentreOfTheirFieldAndBack() {
    // A 1×3 column in a 3×3 field: one pixel of padding either side.
    assertArrayEquals(new float[] {0, 1, 0, 0, 2, 0, 0, 3, 0}, SliceGeometry.toSquare(new float[] {1, 2, 3}, 1, 3, 3), 1e-6f);
    assertArrayEquals(new float[] {1, 2, 3}, SliceGeometry.fromSquare(new float[] {0, 1, 0, 0, 2, 0, 0, 3, 0}, 3, 1, 3), 1e-6f);
    // A 3×1 row: padding above and below (an odd remainder goes after).
    assertArrayEquals(new float[] {0, 0, 0, 1, 2, 3, 0, 0, 0}, SliceGeometry.toSquare(new float[] {1, 2, 3}, 3, 1, 3), 1e-6f);
    assertArrayEquals(new float[] {1, 2, 0, 0}, SliceGeometry.toSquare(new float[] {1, 2}, 2, 1, 2), 1e-6f);
    assertArrayEquals(new byte[] {0, 7, 0, 0, 8, 0, 0, 9, 0}, SliceGeometry.labelsToSquare(new byte[] {7, 8, 9}, 1, 3, 3));
    // A 4×1 row in a field of 2: cropped to its middle two pixels, and back with zeros where it was cropped.
    assertArrayEquals(new float[] {2, 3, 0, 0}, SliceGeometry.toField(new float[] {1, 2, 3, 4}, 4, 1, 2, 2), 1e-6f);
    assertArrayEquals(new float[] {0, 2, 3, 0}, SliceGeometry.fromField(new float[] {2, 3, 0, 0}, 2, 4, 1, 2), 1e-6f);
    assertArrayEquals(new byte[] {2, 3, 0, 0}, SliceGeometry.labelsToField(new byte[] {1, 2, 3, 4}, 4, 1, 2, 2));
    // A 1×4 column in a field of 2: its middle two rows.
    assertArrayEquals(new float[] {2, 0, 3, 0}, SliceGeometry.toField(new float[] {1, 2, 3, 4}, 1, 4, 2, 2), 1e-6f);
    assertArrayEquals(new float[] {0, 2, 3, 0}, SliceGeometry.fromField(new float[] {2, 0, 3, 0}, 2, 1, 4, 2), 1e-6f);
    // Masks follow their labels.
    assertArrayEquals(new boolean[] {false, true, false, false, true, false, false, false, false},
        SliceGeometry.maskToField(new boolean[] {true, true, false}, 1, 3, 3, 3));
  }

  @Test
  void normalisationOverTheRegionByHand() {
    float[] img = {1, 2, 3, 4};
    // Whole image: mean 2.5, variance 7.5 − 6.25 = 1.25.
    double sd = Math.sqrt(1.25);
    assertArrayEquals(new float[] {(float) (-1.5 / sd), (float) (-0.5 / sd), (float) (0.5 / sd), (float) (1.5 / sd)},
        SliceGeometry.normalise(img), 1e-6f);
    // Region of the first two: mean 1.5, variance 2.5 − 2.25 = 0.25; every pixel is shifted and scaled by them.
    assertArrayEquals(new float[] {-1, 1, 3, 5}, SliceGeometry.normalise(img, new boolean[] {true, true, false, false}), 1e-5f);
    assertArrayEquals(new float[4], SliceGeometry.normalise(img, new boolean[4]));
    assertArrayEquals(new float[3], SliceGeometry.normalise(new float[] {5, 5, 5}), "a flat image is all zeros, not NaN");
  }

  @Test
  void theHeadThresholdIsEightPercentOfTheNinetyNinthPercentile() {
    int w = 20;
    float[] img = new float[w * w];
    for (int y = 5; y < 15; y++) for (int x = 5; x < 15; x++) img[y * w + x] = 100;
    img[2 * w + 10] = 9;  // above 8 % of 100: head
    img[17 * w + 10] = 7; // below: air
    img[10 * w + 2] = 8;  // exactly 8 %: air
    boolean[] r = SliceGeometry.headRegion(img, w, w);
    assertTrue(r[2 * w + 10]);
    assertFalse(r[17 * w + 10]);
    assertFalse(r[10 * w + 2]);
    assertFalse(r[10 * w + 3], "the row starts at the head, not at the faint pixel left of it");
    assertTrue(r[10 * w + 5]);
    assertTrue(r[10 * w + 14]);
    assertFalse(r[10 * w + 15]);
    // Under 5 % found (6 of 400 pixels) the image is taken whole, and so is an image of zeros.
    float[] speck = new float[w * w];
    for (int x = 0; x < 6; x++) speck[3 * w + x] = 50;
    for (boolean b : SliceGeometry.headRegion(speck, w, w)) assertTrue(b);
    for (boolean b : SliceGeometry.headRegion(new float[w * w], w, w)) assertTrue(b);
    // 20 of 400 pixels (exactly 5 %) in one row: kept as found.
    float[] row = new float[w * w];
    for (int x = 0; x < w; x++) row[w + x] = 50;
    boolean[] rr = SliceGeometry.headRegion(row, w, w);
    assertTrue(rr[w + 3]);
    assertFalse(rr[2 * w + 3]);
  }
  @Test
  void resamplingByHandAlongEachAxis() {
    // Shrinking 3 → 2 (factor 1.5): (3·1 + 6·0.5) / 1.5 = 4 and (6·0.5 + 9·1) / 1.5 = 8; columns and rows alike.
    assertArrayEquals(new float[] {4, 8}, Resample.image(new float[] {3, 6, 9}, 3, 1, 2, 1), 1e-5f);
    assertArrayEquals(new float[] {4, 8}, Resample.image(new float[] {3, 6, 9}, 1, 3, 1, 2), 1e-5f);
    // Enlarging 2 → 4: centres at −0.25 (clamped), 0.25, 0.75, 1.25 (clamped) source pixels.
    assertArrayEquals(new float[] {1, 1.5f, 2.5f, 3}, Resample.image(new float[] {1, 3}, 2, 1, 4, 1), 1e-6f);
    assertArrayEquals(new float[] {1, 1.5f, 2.5f, 3}, Resample.image(new float[] {1, 3}, 1, 2, 1, 4), 1e-6f);
    // One pixel wide or high: copied.
    assertArrayEquals(new float[] {5, 5, 5}, Resample.image(new float[] {5}, 1, 1, 3, 1), 1e-6f);
    assertArrayEquals(new float[] {5, 5, 5}, Resample.image(new float[] {5}, 1, 1, 1, 3), 1e-6f);
    // Both axes at once, 2×2 → 1×1: the mean.
    assertArrayEquals(new float[] {2.5f}, Resample.image(new float[] {1, 2, 3, 4}, 2, 2, 1, 1), 1e-6f);
    // Labels 3 → 2: centres at 0.75 and 2.25 source pixels; 2 → 3: at 0.33, 1, 1.67.
    assertArrayEquals(new byte[] {1, 3}, Resample.labels(new byte[] {1, 2, 3}, 3, 1, 2, 1));
    assertArrayEquals(new byte[] {1, 3}, Resample.labels(new byte[] {1, 2, 3}, 1, 3, 1, 2));
    assertArrayEquals(new byte[] {1, 2, 2}, Resample.labels(new byte[] {1, 2}, 2, 1, 3, 1));
    assertArrayEquals(new byte[] {4}, Resample.labels(new byte[] {1, 2, 3, 4}, 2, 2, 1, 1), "the pixel under (1, 1)");
  }
}
