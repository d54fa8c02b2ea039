package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;

/** Plugins › CrossModal Transfer › Run Transfer Pipeline…: the whole chain from a configuration file; Esc stops, rerun resumes. */
public final class RunPipelinePlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Run Transfer Pipeline");
    Fields.file(gd, "Configuration (YAML or JSON; empty: defaults)", "run.config", "");
    Fields.directory(gd, "Run folder", "run.output", "crossmodal-run");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String config = Fields.nextString(gd, "run.config"), out = Fields.nextString(gd, "run.output");
    Jobs.run("Run Transfer Pipeline", () -> {
      TransferConfig c = config == null ? new TransferConfig() : TransferConfig.read(Path.of(config));
      TransferRun.Outcome o = TransferRun.run(c, Path.of(out == null ? "crossmodal-run" : out), new FijiProgress("transfer"));
      Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
      rows.put("teacher (no adaptation)", o.teacherOnUltrasound().values());
      rows.put("student", o.student().values());
      rows.put("oracle (ultrasound labels)", o.oracle().values());
      Tables.dice("CrossModal test Dice", rows);
      IJ.log(String.format("gap recovered: %.1f %%", 100 * o.gapRecovered()));
      IJ.log("  " + o.gapInterval().describe());
    });
  }
}
