package org.crossmodal.model;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts DJL's PyTorch engine the way this project needs it: offline (libtorch comes from the Maven
 * jar, nothing is downloaded), a fixed thread count, and oneDNN's ISA cap and math precision decided
 * before libtorch starts ({@link EngineChoice}): by {@code --isa}/{@code --precision} or the
 * configuration, else by a self-test at the network's own shapes that is run once per CPU model and
 * libtorch version and cached ({@link IsaProbe}). libtorch 2.7.1's AVX-512 convolution kernels once
 * returned NaN gradients on an AMD AVX-512 machine (RECIPES §4); where the self-test does not show
 * uncapped oneDNN to be sound, it stays capped at AVX2. Training still checks every step for
 * non-finite values.
 */
public final class Engines {
  /** {@code --isa}: auto (self-test), native (no cap) or a oneDNN ISA name. */
  public static final String ISA_PROPERTY = "crossmodal.isa";
  /** {@code --precision}: auto, fp32 or bf16. */
  public static final String PRECISION_PROPERTY = "crossmodal.precision";
  /** Where the two settings above came from ("--isa/--precision" or "configuration"). */
  public static final String SOURCE_PROPERTY = "crossmodal.engineSettingsSource";
  /** "inference" for processes that only infer (segment, batch, pseudo-label). */
  public static final String WORKLOAD_PROPERTY = "crossmodal.workload";
  /**
   * bf16 training with fp32 master weights, and bf16 for the inference inside training processes
   * (pseudo-labels, evaluation, {@code evaluate}), as the automatic choice on CPUs with bf16 units
   * whose self-test passed: the demo ran 1.67 times as fast, and no model's test Dice, averaged over
   * three paired seeds, fell (docs/engine.md).
   */
  static final boolean BF16_TRAINING_ACCEPTED = true;
  /**
   * bf16 as the automatic choice of inference-only commands (segment, batch, pseudo-label) on CPUs
   * with bf16 units. Off: fp32 gives the same labels on every machine, whatever bf16 units it has (a
   * cluster's executors, a colleague's laptop); bf16 batch segmentation is 1.19 times as fast on the
   * AMX machine measured, with 99.98 % of the labels the same (docs/engine.md), for who asks for it.
   */
  static final boolean BF16_INFERENCE_ACCEPTED = false;

  private static Engine engine;
  private static EngineChoice choice;
  /** libtorch's intra-op threads, fixed when the engine starts (the first caller's count). */
  private static int threads;

  private interface CLib extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private Engines() {}

  /** The engine, started once per JVM (the first call decides the ISA and precision, see {@link EngineChoice}). */
  public static synchronized Engine pytorch(int threads) {
    if (engine != null) return engine;
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    Engines.threads = threads;
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    choice = decide(threads);
    // Must be in the process environment before libtorch initialises oneDNN, which reads it once.
    Native.load("c", CLib.class).setenv("ONEDNN_MAX_CPU_ISA", choice.isaVariable(), 1);
    engine = withPluginClassLoader(() -> {
      try {
        return Engine.getEngine("PyTorch");
      } catch (RuntimeException | UnsatisfiedLinkError e) {
        throw new IllegalStateException("the PyTorch native library could not be loaded from the "
            + "pytorch-native-cpu jar (offline mode, nothing is downloaded): " + e.getMessage(), e);
      }
    });
    quietLibtorchWarnings();
    return engine;
  }

  private static EngineChoice decide(int threads) {
    String source = System.getProperty(SOURCE_PROPERTY, "--isa/--precision");
    EngineChoice.Workload workload = "inference".equals(System.getProperty(WORKLOAD_PROPERTY))
        ? EngineChoice.Workload.INFERENCE : EngineChoice.Workload.TRAINING;
    return EngineChoice.resolve(CpuFeatures.current(), threads, System.getProperty(ISA_PROPERTY, "auto"),
        System.getProperty(PRECISION_PROPERTY, "auto"), source, System.getenv("ONEDNN_MAX_CPU_ISA"), workload,
        BF16_TRAINING_ACCEPTED, BF16_INFERENCE_ACCEPTED, Engines::verdict);
  }

  /** The cached verdict for this CPU and libtorch, or a self-test run now (a few seconds, once). */
  private static IsaVerdict verdict(CpuFeatures cpu, int threads, boolean testBf16) {
    String key = IsaProbe.key(cpu, IsaProbe.libtorchVersion());
    IsaVerdict v = IsaProbe.cached(key);
    if (v != null && (!testBf16 || v.bf16Safe() != null)) return v;
    System.err.printf("engine: first start on this CPU (%s) with libtorch %s: testing oneDNN uncapped%s against the "
        + "AVX2 cap at the network's shapes (once; cached in %s)%n", cpu.model(), IsaProbe.libtorchVersion(),
        testBf16 ? " in fp32 and bf16" : "", IsaProbe.cacheFile(key).getParent());
    v = IsaProbe.run(cpu, threads, testBf16);
    System.err.printf("engine: %s (%.1f s)%n", v.reason(), v.seconds());
    return v;
  }

  /**
   * Settings from a run configuration ({@code engine.isa}, {@code engine.precision}): they apply
   * unless {@code --isa}/{@code --precision} were given, and only before the engine starts.
   */
  public static synchronized void configure(String isa, String precision) {
    boolean set = false;
    if (isa != null && System.getProperty(ISA_PROPERTY) == null) {
      System.setProperty(ISA_PROPERTY, EngineChoice.checkIsa(isa));
      set = true;
    }
    if (precision != null && System.getProperty(PRECISION_PROPERTY) == null) {
      System.setProperty(PRECISION_PROPERTY, EngineChoice.checkPrecision(precision));
      set = true;
    }
    if (set && System.getProperty(SOURCE_PROPERTY) == null) System.setProperty(SOURCE_PROPERTY, "configuration (engine)");
    if (set && engine != null) {
      System.err.println("engine: the configuration's engine settings come too late (the engine is running as "
          + choice.isaVariable() + ", " + choice.precisionLabel() + ")");
    }
  }

  /** How oneDNN runs in this process; null before the engine started. */
  public static synchronized EngineChoice choice() {
    return choice;
  }

  /**
   * The engine's settings and the evidence for them (CPU, libtorch, ISA cap and what decided it,
   * precision, self-test), for a model descriptor's provenance. Empty before the engine started.
   */
  public static synchronized Map<String, Object> provenance() {
    if (choice == null) return Map.of();
    Map<String, Object> m = new java.util.LinkedHashMap<>(choice.provenance(CpuFeatures.current(), IsaProbe.libtorchVersion()));
    // Bit-for-bit repeatable across processes only at one thread (docs/engine.md, "Resuming").
    m.put("threads", threads);
    return m;
  }

  /**
   * libtorch prints its C++ warnings straight to the process's stderr, e.g. that DJL's inference
   * guard "AutoNonVariableTypeMode is deprecated": nothing a user can act on, and it lands in the
   * middle of a terminal's progress. Its minimum log level (an exported global of libc10) is raised
   * to errors, unless CROSSMODAL_LOG asks for info, debug or trace. Linux only, as the engine.
   */
  private static void quietLibtorchWarnings() {
    String level = System.getenv("CROSSMODAL_LOG");
    if (level != null && java.util.Set.of("info", "debug", "trace").contains(level.trim().toLowerCase(java.util.Locale.ROOT))) return;
    try {
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/maps"))) {
        int at = line.indexOf('/');
        if (at < 0 || !line.endsWith("/libc10.so")) continue;
        com.sun.jna.NativeLibrary.getInstance(line.substring(at)).getGlobalVariableAddress("FLAGS_caffe2_log_level").setInt(0, 2);
        return;
      }
    } catch (java.io.IOException | RuntimeException | UnsatisfiedLinkError e) {
      // Only the warnings stay visible; nothing else depends on this.
    }
  }

  /**
   * Runs inference with libtorch's (thread-local) autograd recording off: outside a gradient
   * collector it is on by default and makes inference ≈ 2.5× slower here. The previous mode is restored.
   */
  public static <T> T withoutGradients(Supplier<T> work) {
    boolean was = ai.djl.pytorch.jni.JniUtils.isGradMode();
    ai.djl.pytorch.jni.JniUtils.setGradMode(false);
    try {
      return work.get();
    } finally {
      ai.djl.pytorch.jni.JniUtils.setGradMode(was);
    }
  }

  /**
   * DJL finds engines through the thread's context class loader; inside Fiji that is ImageJ's loader,
   * which does not see the plugin's jars. Run DJL calls with the plugin's loader in place.
   */
  public static <T> T withPluginClassLoader(Supplier<T> work) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    t.setContextClassLoader(Engines.class.getClassLoader());
    try {
      return work.get();
    } finally {
      t.setContextClassLoader(old);
    }
  }
}
