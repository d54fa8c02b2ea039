package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PacsConfig;

/** Plugins › CrossModal Transfer › Send Results to PACS…: a SEG/SC file or a folder of them, by C-STORE or STOW-RS. */
public final class SendToPacsPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Send Results to PACS");
    PacsFields.add(gd);
    Fields.file(gd, "Results (DICOM file or folder)", "pacs.results", "");
    Fields.help(gd, "send-to-pacs");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    Jobs.run("Send Results to PACS", () -> {
      PacsConfig config = PacsFields.read(gd);
      Path results = Path.of(Fields.required(Fields.nextString(gd, "pacs.results"), "results file or folder"));
      int stored = new Pacs(config, Pacs.Method.MOVE, IJ::log).send(List.of(results));
      IJ.log("Send Results to PACS: stored " + stored + " instances on " + config.peer());
    });
  }
}
