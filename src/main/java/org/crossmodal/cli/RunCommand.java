package org.crossmodal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.RunMetrics;
import org.crossmodal.io.Json;
import org.crossmodal.report.RunReport;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.RunPlan;
import org.crossmodal.transfer.TransferRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", description = "Run the whole chain (teacher, ultrasound, pseudo-labels, student, oracle, evaluation) into one folder. A killed run resumes.")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "crossmodal-run", description = "run folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    TransferConfig c = config.read(TransferConfig::new);
    RunPlan.of(c).lines().forEach(System.err::println);
    TransferRun.Outcome o;
    try (ProgressRenderer progress = new ProgressRenderer("transfer")) {
      o = TransferRun.run(c, out, progress);
    }
    System.out.print(table(o));
    System.out.println("run folder: " + out + " (metrics.json, models, images); report: " + RunReport.path(out));
    return 0;
  }

  /** The evaluation table: Dice per class for teacher, student and oracle on test ultrasound. */
  static String table(TransferRun.Outcome o) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-" + NAME + "s", "Dice on test ultrasound"));
    o.student().values().keySet().forEach(k -> b.append(String.format(" %15s", k)));
    b.append('\n');
    row(b, "teacher (no adaptation)", o.teacherOnUltrasound());
    row(b, "student", o.student());
    row(b, "oracle (US labels)", o.oracle());
    b.append(String.format("gap recovered (mean foreground): %.1f %%%n", 100 * o.gapRecovered()));
    if (o.gapInterval() != null) {
      b.append("  ").append(o.gapInterval().describe()).append('\n');
      if (o.gapInterval().caveat() != null) b.append("  warning: ").append(o.gapInterval().caveat()).append('\n');
    }
    RunMetrics.HeldOut h = o.metrics() == null ? null : o.metrics().heldOut();
    if (h != null) {
      b.append("held-out check: ").append(h.frames()).append(" frames of another probe and physics, never trained on\n");
      row(b, "teacher (no adaptation)", h.teacherOnUltrasound());
      row(b, "student", h.student());
      row(b, "oracle (US labels)", h.oracle());
      b.append(String.format("gap recovered (mean foreground): %.1f %%%n", 100 * h.gapRecovered()));
    }
    JsonNode real = o.metrics() == null ? null : o.metrics().realUltrasoundScored();
    if (real != null) {
      b.append("labelled real ultrasound: ").append(real.path("frames").asInt()).append(" frames, never trained on\n");
      for (String[] k : new String[][] {{"teacherOnUltrasound", "teacher (no adaptation)"}, {"student", "student"}, {"oracle", "oracle (US labels)"}}) {
        row(b, k[1], Json.MAPPER.convertValue(real.path(k[0]), ClassDice.class));
      }
      b.append(String.format("gap recovered (mean foreground): %.1f %%%n", 100 * real.path("gapRecovered").asDouble()));
    }
    if (o.metrics() != null && o.metrics().teacherOnMriViews() != null) {
      b.append("teacher on MRI (no ultrasound), test slices as a probe frames them:\n");
      row(b, "teacher on MRI views", o.metrics().teacherOnMriViews());
    }
    return b.toString();
  }

  /** Width of the row names: the longest, "Dice on test ultrasound", fits. */
  private static final int NAME = 24;

  private static void row(StringBuilder b, String name, ClassDice d) {
    b.append(String.format("%-" + NAME + "s", name));
    d.values().values().forEach(v -> b.append(String.format(" %15.3f", v)));
    b.append('\n');
  }
}
