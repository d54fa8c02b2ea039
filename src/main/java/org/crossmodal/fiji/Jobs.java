package org.crossmodal.fiji;

import ij.IJ;
import ij.Macro;
import java.awt.GraphicsEnvironment;
import org.crossmodal.training.TrainingCancelledException;

/**
 * Runs a command's work with DJL on the plugin's class loader and turns failures into one clear
 * message (an error dialog, or the Log in batch mode) instead of a stack trace; a macro that ran the
 * command is aborted so it does not go on with missing results.
 */
final class Jobs {
  interface Work {
    void run() throws Exception;
  }

  private Jobs() {}

  static void run(String command, Work work) {
    Thread t = Thread.currentThread();
    ClassLoader old = t.getContextClassLoader();
    // DJL finds its engine through the context class loader; in Fiji that is ImageJ's, not ours.
    t.setContextClassLoader(Jobs.class.getClassLoader());
    try {
      IJ.showStatus(command + ": starting (the first use unpacks PyTorch's native library, about a minute)");
      work.run();
      IJ.showProgress(1.0);
    } catch (TrainingCancelledException e) {
      IJ.showStatus(command + ": stopped; " + e.getMessage());
      IJ.log(command + ": stopped; " + e.getMessage());
    } catch (Exception e) {
      IJ.showProgress(1.0);
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      IJ.log(command + " failed: " + msg);
      if (System.getenv("CROSSMODAL_DEBUG") != null) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        IJ.log(trace.toString());
      }
      if (IJ.isMacro()) Macro.abort();
      else if (!GraphicsEnvironment.isHeadless()) IJ.error("CrossModal Transfer", command + " failed:\n" + msg);
    } finally {
      t.setContextClassLoader(old);
    }
  }
}
