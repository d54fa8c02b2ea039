package org.crossmodal.model;

import java.util.List;
import java.util.Map;

/**
 * What the oneDNN self-test found on one CPU model and libtorch version: whether oneDNN may run
 * uncapped (its widest ISA) and whether its bfloat16 convolutions hold, with the evidence (the ISA
 * oneDNN reported in each process, the convolution kernels it chose, the largest differences
 * against the AVX2-capped reference) and the reason. Cached as JSON next to DJL's cache.
 */
public record IsaVerdict(
    String key,
    String cpu,
    String libtorch,
    boolean uncappedSafe,
    Boolean bf16Safe,
    String reason,
    double uncappedDifference,
    double bf16Difference,
    Map<String, String> onednnIsa,
    Map<String, List<String>> kernels,
    double seconds,
    String tested) {

  /** Largest difference of an uncapped fp32 result from the capped one, relative to its scale (fp32 rounding is ~1e-6). */
  public static final double FP32_TOLERANCE = 1e-3;
  /**
   * The same for bf16 (8-bit mantissa inputs and outputs, fp32 accumulation; differences of 1–2 % of
   * the scale are rounding): a broken kernel is off by the scale itself, or not finite.
   */
  public static final double BF16_TOLERANCE = 0.05;

  /** One child's outcome: its summaries, or why it gave none. */
  public record Side(IsaSelfTest.Run run, String failure) {
    public static Side of(IsaSelfTest.Run run) {
      return new Side(run, null);
    }

    public static Side failed(String why) {
      return new Side(null, why);
    }

    boolean ok() {
      return run != null;
    }
  }

  /** A run with bf16 passes as two sides: its fp32 tensors, and its bf16 tensors under their fp32 names. */
  public static Side[] split(Side s) {
    if (!s.ok()) return new Side[] {s, s};
    Map<String, IsaSelfTest.Summary> fp32 = new java.util.LinkedHashMap<>(), bf16 = new java.util.LinkedHashMap<>();
    s.run().tensors().forEach((k, v) -> {
      int at = k.indexOf(IsaSelfTest.BF16);
      if (at < 0) fp32.put(k, v);
      else bf16.put(k.substring(0, at) + k.substring(at + IsaSelfTest.BF16.length()), v);
    });
    IsaSelfTest.Run r = s.run();
    return new Side[] {Side.of(new IsaSelfTest.Run(fp32, r.repeatDifference(), 0, r.seconds())),
        Side.of(new IsaSelfTest.Run(bf16, r.repeatDifferenceBf16(), 0, r.seconds()))};
  }

  /** The comparison of a candidate with the reference: worst difference, where, and whether all was finite. */
  public record Comparison(double worst, String where, boolean finite, String failure) {
    boolean within(double tolerance) {
      return failure == null && finite && worst <= tolerance;
    }

    String describe(double tolerance) {
      if (failure != null) return failure;
      if (!finite) return "a non-finite value in " + where;
      return worst <= tolerance ? String.format("largest difference %.1e of the scale (tolerance %.0e)", worst, tolerance)
          : String.format("difference %.2g of the scale in %s (tolerance %.0e)", worst, where, tolerance);
    }
  }

  /** Compares every tensor of {@code candidate} with the reference's, and its repeat difference. */
  public static Comparison compare(Side reference, Side candidate) {
    if (!candidate.ok()) return new Comparison(Double.POSITIVE_INFINITY, null, false, "it failed: " + candidate.failure());
    double worst = candidate.run().repeatDifference();
    String where = "two passes of one case";
    for (Map.Entry<String, IsaSelfTest.Summary> e : candidate.run().tensors().entrySet()) {
      if (!e.getValue().finite()) return new Comparison(Double.POSITIVE_INFINITY, e.getKey(), false, null);
      IsaSelfTest.Summary ref = reference.run().tensors().get(e.getKey());
      if (ref == null) {
        if (e.getKey().endsWith("(repeat)")) continue;
        return new Comparison(Double.POSITIVE_INFINITY, e.getKey(), true, "the reference has no " + e.getKey());
      }
      double d = IsaSelfTest.difference(ref, e.getValue());
      if (d > worst) {
        worst = d;
        where = e.getKey();
      }
    }
    return new Comparison(worst, where, true, null);
  }

  /**
   * The decision. Uncapped is safe only when the capped reference ran and was finite everywhere, and
   * the uncapped run was finite everywhere, repeatable and within {@link #FP32_TOLERANCE} of it.
   * bf16 (when tested) must be finite and within {@link #BF16_TOLERANCE}; it is only ever used
   * uncapped. {@code null} when the reference itself failed: nothing can be concluded, nothing cached.
   */
  public static Decision decide(Side reference, Side uncapped, Side bf16) {
    if (!reference.ok()) return new Decision(false, bf16 == null ? null : false, "the AVX2-capped reference failed: "
        + reference.failure() + "; the cap stays", Double.NaN, Double.NaN, false);
    for (Map.Entry<String, IsaSelfTest.Summary> e : reference.run().tensors().entrySet()) {
      if (!e.getValue().finite()) {
        return new Decision(false, bf16 == null ? null : false, "the AVX2-capped reference itself was not finite ("
            + e.getKey() + "); the cap stays", Double.NaN, Double.NaN, false);
      }
    }
    Comparison u = compare(reference, uncapped);
    boolean safe = u.within(FP32_TOLERANCE);
    String reason = (safe ? "uncapped matches the AVX2 reference: " : "uncapped is not safe: ") + u.describe(FP32_TOLERANCE);
    Boolean bf16Safe = null;
    double bf16Worst = Double.NaN;
    if (bf16 != null) {
      Comparison b = compare(reference, bf16);
      bf16Safe = safe && b.within(BF16_TOLERANCE);
      bf16Worst = b.worst();
      reason += "; bf16 " + (bf16Safe ? "holds: " : "refused: ") + (safe || !b.within(BF16_TOLERANCE)
          ? b.describe(BF16_TOLERANCE) : "it runs uncapped only");
    }
    return new Decision(safe, bf16Safe, reason, u.worst(), bf16Worst, true);
  }

  /** The outcome of {@link #decide}; {@code cacheable} is false when nothing could be concluded. */
  public record Decision(boolean uncappedSafe, Boolean bf16Safe, String reason, double uncappedDifference,
      double bf16Difference, boolean cacheable) {}
}
