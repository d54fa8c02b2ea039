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
import org.crossmodal.data.ImageOrigin;
import org.crossmodal.data.LabelImages;
import org.crossmodal.dicom.SegmentationExport;

/**
 * Plugins › CrossModal Transfer › Export DICOM SEG…: the active 8-bit label image as a DICOM
 * Segmentation of its source file or series. A label image made by Segment with Model knows its
 * source and class names, so the dialog only asks where to write (next to the source by default);
 * for any other label image it asks for the source and the classes too.
 */
public final class ExportSegPlugin implements PlugIn {
  @Override
  public void run(String arg) {
    ImagePlus labels = WindowManager.getCurrentImage();
    List<String> known = labels == null ? null : LabelImages.classes(labels);
    String knownSource = labels == null ? null : labels.getProp(ImageOrigin.SOURCE);
    GenericDialog gd = new GenericDialog("Export DICOM SEG");
    if (labels == null) gd.addMessage("No image is open: open or make a label image first.");
    else gd.addMessage("Label image: " + labels.getTitle());
    if (knownSource != null) gd.addMessage("Source: " + knownSource);
    else Fields.file(gd, "Source DICOM file or series folder the labels belong to", "seg.source", "");
    if (known != null) gd.addMessage("Classes: " + String.join(", ", known));
    else gd.addStringField("Classes (comma-separated, background first)", Fields.last("seg.classes", "background,brain,deep_grey"), 40);
    String base = knownSource != null ? knownSource : Fields.last("seg.source", "");
    Fields.fileWithValue(gd, "Output file (.dcm)", Fields.nextTo(base, Fields.stemOf(base, "-seg.dcm", "segmentation.dcm")));
    Fields.help(gd, "export-seg");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String source = knownSource != null ? knownSource : Fields.nextString(gd, "seg.source");
    String classes = known != null ? String.join(",", known) : Fields.nextString(gd, "seg.classes");
    String out = gd.getNextString().trim();
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
      String src = Fields.required(source, "source");
      Path file = Fields.absolute(out.isEmpty() ? Fields.nextTo(src, Fields.stemOf(src, "-seg.dcm", "segmentation.dcm")) : out, src);
      SegmentationExport.write(Path.of(src), file, frames, names, "CrossModal Transfer", "0.1");
      IJ.log("Export DICOM SEG: wrote " + file + " (" + frames.size() + (frames.size() == 1 ? " frame" : " frames") + ", classes "
          + String.join(", ", names.subList(1, names.size())) + ", source " + src + ")");
    });
  }
}
