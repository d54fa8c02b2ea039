package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClassContrastTest {
  @Test
  void eachClassAfterTheReferenceGetsItsOwnFactorOnBothSidesOfOne() {
    ClassContrast c = new ClassContrast(3, 2);
    Random rnd = new Random(5);
    double minDeep = 9, maxDeep = 0, minBg = 9, maxBg = 0;
    int differ = 0;
    for (int k = 0; k < 2000; k++) {
      double[] f = c.draw(4, rnd);
      assertEquals(1, f[1], "the first foreground class is the reference");
      minDeep = Math.min(minDeep, f[2]);
      maxDeep = Math.max(maxDeep, f[2]);
      minBg = Math.min(minBg, f[0]);
      maxBg = Math.max(maxBg, f[0]);
      if (f[2] != f[3]) differ++;
    }
    assertTrue(minDeep >= 1 / 3.0 && minDeep < 0.4 && maxDeep <= 3 && maxDeep > 2.5, minDeep + " .. " + maxDeep);
    assertTrue(minBg >= 0.5 && minBg < 0.55 && maxBg <= 2 && maxBg > 1.8, minBg + " .. " + maxBg);
    assertEquals(2000, differ, "classes 2 and 3 draw their own factors");
  }

  @Test
  void noContrastDrawsNothingAndKeepsEveryFactorAtOne() {
    Random rnd = new Random(7), untouched = new Random(7);
    assertArrayEquals(new double[] {1, 1, 1}, ClassContrast.NONE.draw(3, rnd));
    assertEquals(untouched.nextLong(), rnd.nextLong(), "no random number was used");
  }

  @Test
  void applyScalesEachPixelByItsClassAndKeepsTheTexture() {
    float[] img = {0.2f, 0.4f, 0.6f, 0.8f};
    byte[] labels = {0, 1, 2, 2};
    float[] out = ClassContrast.apply(img, labels, new double[] {2, 1, 0.5});
    assertArrayEquals(new float[] {0.4f, 0.4f, 0.3f, 0.4f}, out, 1e-6f);
    assertEquals(0.2f, img[0], "the input is not modified");
  }

  @Test
  void rangesBelowOneAreRefused() {
    var e = assertThrows(IllegalArgumentException.class, () -> new ClassContrast(0.5, 2));
    assertTrue(e.getMessage().contains("classContrast"), e.getMessage());
  }
}
