package org.crossmodal.model;

import ai.djl.engine.Engine;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.util.function.Supplier;

/**
 * Starts DJL's PyTorch engine the way this project needs it: offline (libtorch comes from the Maven
 * jar, nothing is downloaded), a fixed thread count, and oneDNN capped at AVX2 because libtorch
 * 2.7.1's AVX-512 convolution kernels return NaN gradients on this machine's CPUs (RECIPES §4).
 */
public final class Engines {
  private static Engine engine;

  private interface CLib extends Library {
    int setenv(String name, String value, int overwrite);
  }

  private Engines() {}

  /** The engine, started once per JVM. */
  public static synchronized Engine pytorch(int threads) {
    if (engine != null) return engine;
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    if (System.getenv("ONEDNN_MAX_CPU_ISA") == null) {
      // Must be in the process environment before libtorch initialises oneDNN; overwrite=0 keeps a user's choice.
      Native.load("c", CLib.class).setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 0);
    }
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
