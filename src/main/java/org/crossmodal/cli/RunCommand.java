package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.io.Json;
import org.crossmodal.transfer.TransferConfig;
import org.crossmodal.transfer.TransferRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the whole chain (teacher, ultrasound, pseudo-labels, student, oracle, evaluation) into one folder. A killed run resumes.")
final class RunCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON configuration; omitted fields keep their defaults")
  Path config;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "crossmodal-run", description = "run folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    TransferConfig c = config == null ? new TransferConfig() : Json.read(config, TransferConfig.class);
    try {
      TransferRun.checkSettings(c);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(config + ": " + e.getMessage(), e);
    }
    TransferRun.Outcome o;
    try (ProgressRenderer progress = new ProgressRenderer("transfer")) {
      o = TransferRun.run(c, out, progress);
    }
    System.out.print(table(o));
    System.out.println("run folder: " + out + " (metrics.json, models, images); report: " + org.crossmodal.report.RunReport.path(out));
    return 0;
  }

  /** The evaluation table: Dice per class for teacher, student and oracle on test ultrasound. */
  static String table(TransferRun.Outcome o) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-" + NAME + "s", "Dice on test ultrasound"));
    o.student().keySet().forEach(k -> b.append(String.format(" %15s", k)));
    b.append('\n');
    row(b, "teacher (no adaptation)", o.teacherOnUltrasound());
    row(b, "student", o.student());
    row(b, "oracle (US labels)", o.oracle());
    b.append(String.format("gap recovered (mean foreground): %.1f %%%n", 100 * o.gapRecovered()));
    if (o.gapInterval() != null) b.append("  ").append(o.gapInterval().describe()).append('\n');
    if (o.metrics().get("heldOut") instanceof Map<?, ?> h) {
      b.append(String.format("%-" + NAME + "s%n", "held-out check (" + h.get("frames") + " frames of another probe and physics)"));
      row(b, "teacher (no adaptation)", doubles(h.get("teacherOnUltrasound")));
      row(b, "student", doubles(h.get("student")));
      row(b, "oracle (US labels)", doubles(h.get("oracle")));
      b.append(String.format("gap recovered (mean foreground): %.1f %%%n", 100 * ((Number) h.get("gapRecovered")).doubleValue()));
    }
    if (o.metrics().get("teacherOnMriViews") != null) row(b, "teacher on MRI views", doubles(o.metrics().get("teacherOnMriViews")));
    return b.toString();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Double> doubles(Object m) {
    return (Map<String, Double>) m;
  }

  /** Width of the row names: the longest, "Dice on test ultrasound", fits. */
  private static final int NAME = 24;

  private static void row(StringBuilder b, String name, Map<String, Double> d) {
    b.append(String.format("%-" + NAME + "s", name));
    d.values().forEach(v -> b.append(String.format(" %15.3f", v)));
    b.append('\n');
  }
}
