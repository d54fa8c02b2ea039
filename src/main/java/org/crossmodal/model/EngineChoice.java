package org.crossmodal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How this process runs the network: oneDNN's ISA cap ({@code null}: none, oneDNN uses the widest
 * ISA the CPU has; decided once per JVM, before the engine starts, because oneDNN reads it once) and
 * the precision of training and of inference passes, each with what decided it.
 *
 * <p>ISA: {@code --isa} (or the configuration's {@code engine.isa}), else a user's
 * {@code ONEDNN_MAX_CPU_ISA}, else the self-test's verdict for this CPU ({@link IsaVerdict}, cached).
 * Precision: {@code --precision} (or {@code engine.precision}) for both, else bf16 where the CPU has
 * bf16 matrix units, the self-test let oneDNN run uncapped and found its bf16 convolutions sound,
 * and bf16 was accepted for what the process does (training, with the inference inside it; or
 * inference-only commands); fp32 otherwise.
 */
public record EngineChoice(String isaCap, String isaSource, Precision training, Precision inference, String precisionSource,
    IsaVerdict verdict, Precision inferenceOnly) {

  /** fp32; or bf16 activations and convolution weights with fp32 master weights ({@link Bf16}). */
  public enum Precision {
    FP32, BF16;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** {@code inferenceOnly}: the precision an inference-only command (segment, batch, pseudo-label) gets with the same settings. */

  /** Precisions as one word: "fp32", "bf16", or "fp32 training, bf16 inference". */
  public String precisionLabel() {
    return training == inference ? training.label() : training.label() + " training, " + inference.label() + " inference";
  }

  /** What a process does with the engine: training commands and inference-only ones are accepted for bf16 separately. */
  public enum Workload { TRAINING, INFERENCE }

  /** oneDNN's names for {@code ONEDNN_MAX_CPU_ISA} (x86), for checking {@code --isa}. */
  public static final List<String> ISA_NAMES = List.of("SSE41", "AVX", "AVX2", "AVX2_VNNI", "AVX2_VNNI_2", "AVX512_CORE",
      "AVX512_CORE_VNNI", "AVX512_CORE_BF16", "AVX512_CORE_FP16", "AVX512_CORE_AMX", "AVX512_CORE_AMX_FP16", "AVX10_1_512",
      "AVX10_1_512_AMX", "AVX10_1_512_AMX_FP16", "ALL");

  /** The cap the self-test compares against, and the one kept when uncapped is not known to be safe. */
  public static final String REFERENCE_CAP = "AVX2";

  /** An {@code --isa} value: auto, native (no cap) or a oneDNN ISA name; returns the canonical form. */
  public static String checkIsa(String v) {
    String s = v.strip().toUpperCase(Locale.ROOT);
    if (s.equals("AUTO")) return "auto";
    if (s.equals("NATIVE") || s.equals("ALL") || s.equals("NONE")) return "native";
    if (ISA_NAMES.contains(s)) return s;
    throw new IllegalArgumentException("unknown ISA '" + v + "': auto, native or one of " + String.join(", ", ISA_NAMES));
  }

  /** A {@code --precision} value: auto, fp32 or bf16. */
  public static String checkPrecision(String v) {
    String s = v.strip().toLowerCase(Locale.ROOT);
    if (s.equals("auto") || s.equals("fp32") || s.equals("bf16")) return s;
    throw new IllegalArgumentException("unknown precision '" + v + "': auto, fp32 or bf16");
  }

  /** Where the self-test's verdict comes from: the cache, or a run (which caches it). */
  public interface Probe {
    IsaVerdict verdict(CpuFeatures cpu, int threads, boolean testBf16);
  }

  /**
   * Decides. {@code isa}/{@code precision} are the settings ("auto" when not given) with
   * {@code settingSource} naming where they came from; {@code envIsa} is a user's
   * {@code ONEDNN_MAX_CPU_ISA} (null if unset).
   */
  public static EngineChoice resolve(CpuFeatures cpu, int threads, String isa, String precision, String settingSource,
      String envIsa, Workload workload, boolean bf16Training, boolean bf16Inference, Probe probe) {
    isa = checkIsa(isa);
    precision = checkPrecision(precision);
    IsaVerdict verdict = null;
    String cap, isaSource;
    if (!isa.equals("auto")) {
      cap = isa.equals("native") ? null : isa;
      isaSource = settingSource;
    } else if (envIsa != null && !envIsa.isBlank()) {
      cap = envIsa.strip().equalsIgnoreCase("ALL") ? null : envIsa.strip().toUpperCase(Locale.ROOT);
      isaSource = "ONEDNN_MAX_CPU_ISA in the environment";
    } else {
      verdict = probe.verdict(cpu, threads, cpu.bf16Units()); // bf16 always tested there: one verdict serves every setting
      cap = verdict.uncappedSafe() ? null : REFERENCE_CAP;
      isaSource = "self-test: " + verdict.reason();
    }
    if (precision.equals("fp32")) {
      return new EngineChoice(cap, isaSource, Precision.FP32, Precision.FP32, settingSource, verdict, Precision.FP32);
    }
    if (precision.equals("bf16")) {
      return new EngineChoice(cap, isaSource, Precision.BF16, Precision.BF16, settingSource
          + (cpu.bf16Units() && cap == null ? "" : " (without bf16 units in use libtorch falls back to slow bf16 kernels)"), verdict,
          Precision.BF16);
    }
    String why;
    boolean bf16Ok = false;
    if (!cpu.bf16Units()) why = "auto: no bf16 units (amx_bf16, avx512_bf16) in the CPU flags";
    else if (cap != null) why = "auto: oneDNN is capped at " + cap + ", below the bf16 units";
    else if (verdict == null) why = "auto: no self-test evidence for bf16 (the ISA was set)";
    else if (!Boolean.TRUE.equals(verdict.bf16Safe())) why = "auto: bf16 failed the self-test";
    else {
      bf16Ok = true;
      why = "auto: bf16 units, self-test passed";
    }
    // A process that trains infers (pseudo-labels, evaluation) at its training precision; an
    // inference-only command at the precision accepted for inference.
    Precision train = bf16Ok && bf16Training ? Precision.BF16 : Precision.FP32;
    Precision inferenceOnly = bf16Ok && bf16Inference ? Precision.BF16 : Precision.FP32;
    Precision infer = workload == Workload.INFERENCE ? inferenceOnly : train;
    if (bf16Ok) {
      why += workload == Workload.INFERENCE
          ? (bf16Inference ? ", inference accepted" : "; fp32 for inference-only commands: the same labels whatever bf16 units a machine has (docs/engine.md)")
          : (bf16Training ? ", bf16 training accepted" : "; fp32: bf16 training not accepted");
    }
    return new EngineChoice(cap, isaSource, train, infer, why, verdict, inferenceOnly);
  }

  /** The cap as oneDNN's variable wants it ("ALL" for none). */
  public String isaVariable() {
    return isaCap == null ? "ALL" : isaCap;
  }

  /** For a model's provenance and the benchmark's output. */
  public Map<String, Object> provenance(CpuFeatures cpu, String libtorch) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cpu", cpu.model());
    m.put("cpuFlags", cpu.isaFlags());
    m.put("libtorch", libtorch);
    m.put("onednnIsaCap", isaCap == null ? "none" : isaCap);
    m.put("onednnIsa", onednnIsa());
    m.put("isaDecidedBy", isaSource);
    m.put("trainingPrecision", training.label());
    m.put("inferencePrecision", inference.label());
    m.put("precisionDecidedBy", precisionSource);
    if (verdict != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("tested", verdict.tested());
      t.put("seconds", Math.round(verdict.seconds() * 10) / 10.0);
      t.put("uncappedSafe", verdict.uncappedSafe());
      if (verdict.bf16Safe() != null) t.put("bf16Safe", verdict.bf16Safe());
      m.put("isaSelfTest", t);
    }
    return m;
  }

  /** The ISA oneDNN reported in the self-test process that ran with this choice's cap, if known. */
  public String onednnIsa() {
    if (verdict == null || verdict.onednnIsa() == null) return "not tested in this configuration";
    String side = isaCap == null ? "uncapped" : isaCap.equals(REFERENCE_CAP) ? REFERENCE_CAP : null;
    String v = side == null ? null : verdict.onednnIsa().get(side);
    return v == null ? "not tested in this configuration" : v;
  }
}
