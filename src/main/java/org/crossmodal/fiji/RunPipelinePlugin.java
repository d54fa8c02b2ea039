package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.gui.MultiLineLabel;
import ij.plugin.PlugIn;
import java.awt.Component;
import java.awt.TextField;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.RunPlan;
import org.crossmodal.transfer.TransferRun;

/**
 * Plugins › CrossModal Transfer › Run Transfer Pipeline…: the whole chain from a configuration
 * file; the dialog shows what it will train on and roughly how long (following the configuration
 * field), Esc stops, a rerun resumes. A gap recovered that rests on too few test slices carries a
 * warning ({@code GapInterval.caveat}).
 */
public final class RunPipelinePlugin implements PlugIn {
  @Override
  public void run(String arg) {
    String config0 = Fields.last("run.config", "");
    GenericDialog gd = new GenericDialog("Run Transfer Pipeline");
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "run.config", "");
    TextField configField = Fields.lastStringField(gd);
    Fields.directoryWithValue(gd, "Run folder", Fields.output("run.output", Fields.nextTo(config0, "crossmodal-run")));
    Fields.follow(configField, Fields.lastStringField(gd), v -> Fields.nextTo(v, "crossmodal-run"));
    gd.addMessage(plan(config0));
    Component[] message = {gd.getMessage()};
    Fields.help(gd, "run-pipeline");
    if (configField != null && message[0] instanceof MultiLineLabel label) {
      configField.addTextListener(e -> {
        label.setText(plan(configField.getText().trim()));
        gd.pack();
      });
    }
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String config = Fields.nextString(gd, "run.config"), out = Fields.nextString(gd, "run.output");
    Jobs.training("Run Transfer Pipeline", () -> {
      Path file = config == null ? null : Path.of(config);
      TransferConfig c = file == null ? new TransferConfig() : TransferConfig.read(file);
      Path dir = Fields.absolute(out == null ? Fields.nextTo(config, "crossmodal-run") : out, config);
      IJ.log("Run Transfer Pipeline: settings " + Settings.fileSummary(file) + "; run folder " + dir);
      RunPlan.of(c).lines().forEach(l -> IJ.log("Run Transfer Pipeline: " + l));
      TransferRun.Outcome o = TransferRun.run(c, dir, new FijiProgress("transfer"));
      Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
      rows.put("teacher (no adaptation)", o.teacherOnUltrasound().values());
      rows.put("student", o.student().values());
      rows.put("oracle (ultrasound labels)", o.oracle().values());
      Tables.dice("CrossModal test Dice", rows);
      IJ.log(String.format(Locale.ROOT, "Run Transfer Pipeline: on simulated test ultrasound the student recovered %.0f %% of the gap "
          + "between the teacher and the oracle (mean foreground Dice: teacher %.2f, student %.2f, oracle %.2f)", 100 * o.gapRecovered(),
          o.teacherOnUltrasound().meanForeground(), o.student().meanForeground(), o.oracle().meanForeground()));
      if (o.gapInterval() != null) {
        IJ.log("  " + o.gapInterval().describe());
        if (o.gapInterval().caveat() != null) IJ.log("  warning: " + o.gapInterval().caveat());
      }
      IJ.log("Run Transfer Pipeline: report " + dir.resolve("report/index.html"));
    });
  }

  /** What the configuration in {@code file} (defaults when empty or unreadable) trains on, and roughly how long, in lines. */
  static String plan(String file) {
    TransferConfig c = new TransferConfig();
    String from = "defaults";
    try {
      if (file != null && !file.isBlank() && Files.isRegularFile(Path.of(file))) {
        c = TransferConfig.read(Path.of(file));
        from = Path.of(file).getFileName().toString();
      }
    } catch (Exception e) {
      from = "defaults (" + Path.of(file).getFileName() + " does not read: " + e.getMessage() + ")";
    }
    StringBuilder b = new StringBuilder("What this run trains on (" + from + "):");
    for (String line : RunPlan.of(c).lines()) b.append("\n  ").append(wrap(line));
    return b.toString();
  }

  private static String wrap(String line) {
    StringBuilder b = new StringBuilder();
    int col = 0;
    for (String word : line.split(" ")) {
      if (col + word.length() > 100) {
        b.append("\n    ");
        col = 4;
      }
      b.append(word).append(' ');
      col += word.length() + 1;
    }
    return b.toString().trim();
  }
}
