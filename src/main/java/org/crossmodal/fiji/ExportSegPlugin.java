package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossmodal.dicom.SegmentationExport;

/** Plugins › CrossModal Transfer › Export DICOM SEG…: the active label image as a DICOM Segmentation of its source file or series. */
public final class ExportSegPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    ImagePlus labels = WindowManager.getCurrentImage();
    GenericDialog gd = new GenericDialog("Export DICOM SEG");
    Fields.file(gd, "Source DICOM file or series folder the labels belong to", "seg.source", "");
    Fields.file(gd, "Output file (.dcm)", "seg.output", "segmentation.dcm");
    gd.addStringField("Classes (comma-separated, background first)", Fields.last("seg.classes", "background,brain,deep_grey"), 40);
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String source = Fields.nextString(gd, "seg.source"), out = Fields.nextString(gd, "seg.output");
    String classes = Fields.nextString(gd, "seg.classes");
    Jobs.run("Export DICOM SEG", () -> {
      if (labels == null) throw new IOException("no label image is open");
      if (labels.getBitDepth() != 8) throw new IOException(labels.getTitle() + ": a label image must be 8-bit");
      List<byte[]> frames = new ArrayList<>();
      for (int i = 1; i <= labels.getStackSize(); i++) frames.add((byte[]) labels.getStack().getProcessor(i).getPixels());
      List<String> names = Arrays.stream(Fields.required(classes, "classes").split(",")).map(String::trim).toList();
      for (byte[] f : frames) {
        for (byte b : f) {
          if ((b & 0xff) >= names.size()) throw new IOException(labels.getTitle() + ": label " + (b & 0xff) + " has no class name");
        }
      }
      Path file = Path.of(out == null ? "segmentation.dcm" : out);
      SegmentationExport.write(Path.of(Fields.required(source, "source")), file, frames, names, "CrossModal Transfer", "0.1");
      IJ.log("Export DICOM SEG: wrote " + file);
    });
  }
}
