package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {
  @Test
  void meanAndStudentsIntervalOfTheDifferencesBySeed() {
    // Differences 1, 2, 3 (by hand: mean 2, sd 1, t(0.975, 2 df) = 4.3027, half width 4.3027 / sqrt(3) = 2.4841).
    PairedDifference d = PairedDifference.of(Map.of(1L, 0.6, 2L, 0.7, 3L, 0.9, 9L, 0.1), Map.of(1L, -0.4, 2L, -1.3, 3L, -2.1));
    assertEquals(3, d.seeds(), "seed 9 has no partner");
    assertEquals(2, d.mean(), 1e-12);
    assertEquals(2 - 2.4841, d.low(), 1e-4);
    assertEquals(2 + 2.4841, d.high(), 1e-4);
  }

  @Test
  void oneSeedHasNoInterval() {
    PairedDifference d = PairedDifference.of(Map.of(1L, 0.5), Map.of(1L, 0.25));
    assertEquals(0.25, d.mean(), 1e-12);
    assertTrue(Double.isNaN(d.low()) && Double.isNaN(d.high()));
  }
}
