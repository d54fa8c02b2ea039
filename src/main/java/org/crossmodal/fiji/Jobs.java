package org.crossmodal.fiji;

import ij.IJ;
import ij.Macro;
import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.crossmodal.training.TrainingCancelledException;

/**
 * Runs a command's work with DJL on the plugin's class loader and turns failures into one clear
 * message (an error dialog, or the Log in batch mode) instead of a stack trace; a macro that ran the
 * command is aborted so it does not go on with missing results. The status line says what is
 * happening and, at the end, how it ended; the progress bar is cleared whatever happens.
 */
final class Jobs {
  interface Work {
    void run() throws Exception;
  }

  /** What the running command says of its result, for the last status line. */
  private static final ThreadLocal<String> SUMMARY = new ThreadLocal<>();

  private Jobs() {}

  /** Says how the running command ended ("opened 1 of 3 series"); the status line shows it with the time taken. */
  static void summary(String text) {
    SUMMARY.set(text);
  }

  /** A command without a network (opening studies, exporting, simulating). */
  static void run(String command, Work work) {
    run(command, false, work);
  }

  /** A command that runs a network: the first ever use unpacks PyTorch's native library, and the status says so. */
  static void withNetwork(String command, Work work) {
    run(command, true, work);
  }

  /**
   * One training at a time in one ImageJ: libtorch records gradients for one training per process,
   * and two at once would also halve each one's speed. A second training command waits, says so in
   * the status line and the Log, and Esc stops the waiting.
   */
  private static final ReentrantLock TRAINING = new ReentrantLock(true);
  private static volatile String trainingNow;

  /** A command that trains a network (teacher, student, pipeline): as {@link #withNetwork}, one at a time. */
  static void training(String command, Work work) {
    run(command, true, () -> {
      if (!TRAINING.tryLock()) {
        String waiting = command + ": waiting for " + (trainingNow == null ? "another training" : trainingNow)
            + " to finish (one training at a time; Esc stops waiting)";
        IJ.log(waiting);
        IJ.showStatus(waiting);
        IJ.resetEscape();
        while (!TRAINING.tryLock(200, TimeUnit.MILLISECONDS)) {
          if (IJ.escapePressed()) throw new IllegalStateException("stopped while waiting for " + trainingNow + " to finish");
        }
      }
      trainingNow = command;
      try {
        work.run();
      } finally {
        trainingNow = null;
        TRAINING.unlock();
      }
    });
  }

  private static void run(String command, boolean network, Work work) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    // DJL finds its engine through the context class loader; in Fiji that is ImageJ's, not ours.
    t.setContextClassLoader(Jobs.class.getClassLoader());
    long started = System.nanoTime();
    try {
      IJ.showStatus(command + " …" + (network && !pytorchUnpacked() ? " (first use: unpacking PyTorch's native library, about a minute)" : ""));
      SUMMARY.remove();
      work.run();
      String done = SUMMARY.get();
      IJ.showStatus(command + ": " + (done == null ? "done" : done) + " in " + duration((System.nanoTime() - started) / 1e9));
    } catch (TrainingCancelledException e) {
      IJ.showStatus(command + ": stopped; " + e.getMessage());
      IJ.log(command + ": stopped; " + e.getMessage());
    } catch (Exception e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      IJ.showStatus(command + " failed: " + msg);
      IJ.log(command + " failed: " + msg);
      if (System.getenv("CROSSMODAL_DEBUG") != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        IJ.log(trace.toString());
      }
      if (IJ.isMacro()) Macro.abort();
      else if (!GraphicsEnvironment.isHeadless()) IJ.error("CrossModal Transfer", command + " failed:\n" + msg);
    } finally {
      SUMMARY.remove();
      IJ.showProgress(1.0);
      t.setContextClassLoader(old);
    }
  }

  /** "45 s", "3 min", "1 h 20 min": rounded, in words a person reads at a glance. */
  static String duration(double seconds) {
    if (seconds < 90) return Math.max(1, Math.round(seconds)) + " s";
    if (seconds < 3600) return Math.round(seconds / 60) + " min";
    long minutes = Math.round(seconds / 60);
    return minutes / 60 + " h " + minutes % 60 + " min";
  }

  /** Whether DJL's cache already holds an unpacked libtorch. */
  static boolean pytorchUnpacked() {
    try (var s = Files.walk(ai.djl.util.Utils.getEngineCacheDir("pytorch"), 2)) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("libtorch_cpu"));
    } catch (Exception e) {
      return false;
    }
  }
}
