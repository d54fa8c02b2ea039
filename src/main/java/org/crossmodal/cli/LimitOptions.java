package org.crossmodal.cli;

import org.crossmodal.dicom.ResourceLimits;
import picocli.CommandLine.Option;

/**
 * The {@link ResourceLimits} options every subcommand accepts. They set the system properties the
 * limits are read from, so the setting reaches every scan and load of this run.
 */
final class LimitOptions {
  @Option(names = "--max-frame-pixels", paramLabel = "N", description = "refuse images with more pixels per frame "
      + "(default 64m = 8192x8192; k/m/g suffixes)")
  void maxFramePixels(String n) {
    set(ResourceLimits.FRAME_PIXELS, n);
  }

  @Option(names = "--max-series-pixels", paramLabel = "N", description = "refuse series with more pixels in all (default 1g)")
  void maxSeriesPixels(String n) {
    set(ResourceLimits.SERIES_PIXELS, n);
  }

  @Option(names = "--memory-budget", paramLabel = "BYTES", description = "refuse series whose decoding needs more memory "
      + "(default: 3/4 of the Java heap; e.g. 2g)")
  void memoryBudget(String bytes) {
    set(ResourceLimits.MEMORY_BUDGET, bytes);
  }

  private static void set(String property, String value) {
    ResourceLimits.parseSize(value); // a typo fails here, naming the option, not later in a scan
    System.setProperty(property, value);
  }
}
