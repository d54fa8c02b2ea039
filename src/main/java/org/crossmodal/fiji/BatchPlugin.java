package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.measure.ResultsTable;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.crossmodal.batch.BatchConfig;
import org.crossmodal.batch.BatchJob;
import org.crossmodal.batch.BatchListener;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.batch.StudyOutcome;

/**
 * Plugins › CrossModal Transfer › Batch Segment Studies…: the command line's {@code batch} for a
 * folder of PACS-exported studies, with the outcome per study as a results table.
 */
public final class BatchPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Batch Segment Studies");
    Fields.file(gd, "Model", "batch.model", "");
    Fields.directory(gd, "Studies (folder, zip or DICOMDIR)", "batch.input", "");
    Fields.directory(gd, "Output folder", "batch.output", "crossmodal-batch");
    gd.addStringField("Modalities (comma-separated)", Fields.last("batch.modalities", "US"), 12);
    gd.addCheckbox("Fractional SEG (probabilities)", Boolean.parseBoolean(Fields.last("batch.fractional", "false")));
    gd.addCheckbox("Overlay (Secondary Capture)", Boolean.parseBoolean(Fields.last("batch.overlay", "true")));
    gd.addCheckbox("De-identify (research export)", Boolean.parseBoolean(Fields.last("batch.deidentify", "false")));
    Fields.file(gd, "Key file for pseudonyms (outside the output folder)", "batch.key", "");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String model = Fields.nextString(gd, "batch.model"), input = Fields.nextString(gd, "batch.input");
    String out = Fields.nextString(gd, "batch.output"), modalities = Fields.nextString(gd, "batch.modalities");
    BatchConfig c = new BatchConfig();
    c.fractional = gd.getNextBoolean();
    c.overlay = gd.getNextBoolean();
    c.deidentify = gd.getNextBoolean();
    String key = Fields.nextString(gd, "batch.key");
    Fields.remember("batch.fractional", c.fractional);
    Fields.remember("batch.overlay", c.overlay);
    Fields.remember("batch.deidentify", c.deidentify);
    Jobs.run("Batch Segment Studies", () -> {
      c.model = Path.of(Fields.required(model, "model"));
      c.inputs = List.of(Path.of(Fields.required(input, "studies")));
      c.out = Path.of(out == null ? "crossmodal-batch" : out);
      if (c.deidentify) c.keyFile = Path.of(Fields.required(key, "key file (needed to de-identify)"));
      c.modalities = new LinkedHashSet<>(Arrays.stream(Fields.required(modalities, "modalities").split(","))
          .map(m -> m.trim().toUpperCase(Locale.ROOT)).toList());
      AtomicInteger done = new AtomicInteger();
      int[] total = {1};
      BatchSummary s = BatchJob.run(c, new BatchListener() {
        @Override public void started(int studies, int unreadable) {
          total[0] = Math.max(1, studies + unreadable);
        }
        @Override public void finished(StudyOutcome o) {
          IJ.showProgress(done.incrementAndGet(), total[0]);
          IJ.showStatus("Batch: " + done.get() + "/" + total[0] + " studies");
        }
      });
      ResultsTable rt = new ResultsTable();
      for (StudyOutcome o : s.studies()) {
        rt.incrementCounter();
        rt.addValue("study", o.study() == null ? "" : o.study());
        rt.addValue("outcome", o.outcome());
        rt.addValue("series", o.series());
        rt.addValue("frames", o.frames());
        rt.addValue("reason", o.reason() == null ? "" : o.reason());
      }
      rt.show("CrossModal Batch");
      IJ.log(String.format(Locale.ROOT, "Batch Segment Studies: %d done, %d skipped, %d failed; results in %s",
          s.done(), s.skipped(), s.failed(), c.out));
    });
  }
}
