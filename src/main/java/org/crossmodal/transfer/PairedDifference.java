package org.crossmodal.transfer;

import java.util.Map;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A variant against a reference, paired by training seed: the mean of the per-seed differences of
 * the gap recovered and its 95 % Student's t interval (none with fewer than two seeds). Pairing
 * removes what a seed does to both, so a smaller difference can be told from noise.
 */
public record PairedDifference(double mean, double low, double high, int seeds) {
  static PairedDifference of(Map<Long, Double> variant, Map<Long, Double> reference) {
    double[] d = variant.keySet().stream().filter(reference::containsKey).mapToDouble(k -> variant.get(k) - reference.get(k)).toArray();
    int n = d.length;
    double mean = 0;
    for (double x : d) mean += x / n;
    if (n < 2) return new PairedDifference(mean, Double.NaN, Double.NaN, n);
    double ss = 0;
    for (double x : d) ss += (x - mean) * (x - mean);
    double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * Math.sqrt(ss / (n - 1) / n);
    return new PairedDifference(mean, mean - half, mean + half, n);
  }
}
