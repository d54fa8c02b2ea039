package org.crossmodal.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How this process runs libtorch's oneDNN: its ISA cap ({@code null}: none, oneDNN uses the widest
 * ISA the CPU has) and its math precision, each with what decided it. Decided once per JVM, before
 * the engine starts, because oneDNN reads both settings only once.
 *
 * <p>ISA: {@code --isa} (or the configuration's {@code engine.isa}), else a user's
 * {@code ONEDNN_MAX_CPU_ISA}, else the self-test's verdict for this CPU ({@link IsaVerdict}, cached).
 * Precision: {@code --precision} (or {@code engine.precision}), else a user's
 * {@code ONEDNN_DEFAULT_FPMATH_MODE}, else bf16 where the CPU has bf16 matrix units, the self-test
 * let oneDNN run uncapped and found its bf16 math sound, and the process only infers (segment,
 * batch, pseudo-label); fp32 otherwise.
 */
public record EngineChoice(String isaCap, String isaSource, Precision precision, String precisionSource, IsaVerdict verdict) {

  /** fp32; or bf16: oneDNN's default math mode BF16 (convolutions round their inputs to bf16 and accumulate in fp32). */
  public enum Precision {
    FP32, BF16;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a process does with the engine: auto precision picks bf16 only for inference. */
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
   * {@code settingSource} naming where they came from; {@code envIsa}/{@code envFpmath} are a
   * user's oneDNN variables (null if unset).
   */
  public static EngineChoice resolve(CpuFeatures cpu, int threads, String isa, String precision, String settingSource,
      String envIsa, String envFpmath, Workload workload, boolean bf16Training, Probe probe) {
    isa = checkIsa(isa);
    precision = checkPrecision(precision);
    boolean wantBf16Evidence = cpu.bf16Units(); // always, so that one cached verdict serves every precision setting
    IsaVerdict verdict = null;
    String cap, isaSource;
    if (!isa.equals("auto")) {
      cap = isa.equals("native") ? null : isa;
      isaSource = settingSource;
    } else if (envIsa != null && !envIsa.isBlank()) {
      cap = envIsa.strip().equalsIgnoreCase("ALL") ? null : envIsa.strip().toUpperCase(Locale.ROOT);
      isaSource = "ONEDNN_MAX_CPU_ISA in the environment";
    } else {
      verdict = probe.verdict(cpu, threads, wantBf16Evidence);
      cap = verdict.uncappedSafe() ? null : REFERENCE_CAP;
      isaSource = "self-test: " + verdict.reason();
    }
    Precision p;
    String pSource;
    if (precision.equals("fp32")) {
      p = Precision.FP32;
      pSource = settingSource;
    } else if (precision.equals("bf16")) {
      p = Precision.BF16;
      pSource = settingSource + (cpu.bf16Units() ? "" : " (this CPU has no bf16 units: oneDNN may keep fp32 kernels)");
    } else if (envFpmath != null && !envFpmath.isBlank()) {
      p = envFpmath.strip().equalsIgnoreCase("BF16") ? Precision.BF16 : Precision.FP32;
      pSource = "ONEDNN_DEFAULT_FPMATH_MODE in the environment";
    } else if (!cpu.bf16Units()) {
      p = Precision.FP32;
      pSource = "auto: no bf16 units (amx_bf16, avx512_bf16) in the CPU flags";
    } else if (cap != null) {
      p = Precision.FP32;
      pSource = "auto: oneDNN is capped at " + cap + ", below the bf16 units";
    } else if (verdict == null || !Boolean.TRUE.equals(verdict.bf16Safe())) {
      p = Precision.FP32;
      pSource = verdict == null ? "auto: no self-test evidence for bf16 math (the ISA was set)" : "auto: bf16 math failed the self-test";
    } else if (workload == Workload.INFERENCE || bf16Training) {
      p = Precision.BF16;
      pSource = "auto: bf16 units, self-test passed, " + (workload == Workload.INFERENCE ? "inference only" : "bf16 training accepted");
    } else {
      p = Precision.FP32;
      pSource = "auto: this process trains (bf16 is the default for inference-only commands)";
    }
    return new EngineChoice(cap, isaSource, p, pSource, verdict);
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
    m.put("precision", precision.label());
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
    String side = isaCap == null ? (precision == Precision.BF16 ? "uncapped bf16" : "uncapped")
        : isaCap.equals(REFERENCE_CAP) ? REFERENCE_CAP : null;
    String v = side == null ? null : verdict.onednnIsa().get(side);
    return v == null ? "not tested in this configuration" : v;
  }
}
