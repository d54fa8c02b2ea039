package org.crossmodal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What this machine's CPU says about itself in {@code /proc/cpuinfo}: model name and feature flags,
 * read at run time. Machines of this kind differ (an Intel Xeon with AVX-512 and AMX on one day, an
 * AMD EPYC with AVX2 only on another), so nothing about the CPU is assumed.
 */
public record CpuFeatures(String model, SortedSet<String> flags, int logicalCpus) {
  /** The flags in sorted order (the self-test's cache key lists them). */
  public CpuFeatures {
    flags = Collections.unmodifiableSortedSet(new TreeSet<>(flags));
  }

  private static CpuFeatures current;

  /** This machine (read once); an unreadable cpuinfo gives an unknown model without flags. */
  public static synchronized CpuFeatures current() {
    if (current == null) {
      Path cpuinfo = Path.of("/proc/cpuinfo");
      try {
        current = parse(Files.isReadable(cpuinfo) ? Files.readString(cpuinfo) : "");
      } catch (IOException e) {
        current = parse("");
      }
    }
    return current;
  }

  /** The first processor's model name and flags, and the number of processors listed. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = "unknown";
    SortedSet<String> flags = new TreeSet<>();
    int cpus = 0;
    boolean first = true;
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) continue;
      String key = line.substring(0, colon).strip(), value = line.substring(colon + 1).strip();
      if (key.equals("processor")) {
        cpus++;
        first = cpus == 1;
      } else if (first && key.equals("model name")) {
        model = value;
      } else if (first && key.equals("flags")) {
        for (String f : value.split("\\s+")) if (!f.isEmpty()) flags.add(f);
      }
    }
    return new CpuFeatures(model, flags, Math.max(cpus, 1));
  }

  public boolean has(String flag) {
    return flags.contains(flag);
  }

  public boolean avx512() {
    return has("avx512f");
  }

  /** Matrix or dot-product units for bfloat16 (AMX tiles or AVX512-BF16). */
  public boolean bf16Units() {
    return has("amx_bf16") || has("avx512_bf16");
  }

  /** Whether anything beyond AVX2 is there for oneDNN to use if uncapped. */
  public boolean beyondAvx2() {
    return avx512() || has("avx_vnni") || has("amx_tile");
  }

  /**
   * The widest vector unit the flags name, and its single-precision FLOPs per cycle per core
   * assuming two FMA pipes (2 × lanes × 2): 64 for AVX-512, 32 for AVX2 with FMA. The benchmark
   * turns it into GFLOP/s with the clock it measures.
   */
  public String vectorUnit() {
    return avx512() ? "AVX-512" : has("avx2") && has("fma") ? "AVX2+FMA" : has("avx") ? "AVX" : "SSE";
  }

  public int fp32FlopsPerCycle() {
    return avx512() ? 64 : has("avx2") && has("fma") ? 32 : has("avx") ? 16 : 8;
  }

  /** The flags that bear on oneDNN's choice of kernels, for a short printed line. */
  public String isaFlags() {
    StringBuilder b = new StringBuilder();
    for (String f : flags) {
      if (f.startsWith("avx") || f.startsWith("amx") || f.equals("fma") || f.startsWith("sse4")) {
        if (b.length() > 0) b.append(' ');
        b.append(f);
      }
    }
    return b.toString();
  }
}
