package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;

/** Plugins › CrossModal Transfer › Open DICOM Studies…: a folder, zip or DICOMDIR; one or all series as calibrated stacks. */
public final class OpenStudiesPlugin implements PlugIn {
  static final String ALL = "all series";

  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Open DICOM Studies");
    Fields.file(gd, "Location (folder, zip, DICOMDIR or file)", "open.location", "");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String location = Fields.nextString(gd, "open.location");
    Jobs.run("Open DICOM Studies", () -> open(Path.of(Fields.required(location, "location"))));
  }

  /** Opens the series found under {@code location} (a chooser when there are several); Query PACS opens retrieved studies this way. */
  static void open(Path location) throws IOException {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(location))) {
      List<SeriesInfo> series = scan.loadable();
      if (series.isEmpty()) {
        throw new IOException(location + ": no readable DICOM series"
            + (scan.series().isEmpty() ? "" : " (" + scan.series().get(0).error() + ")"));
      }
      List<SeriesInfo> chosen = choose(series);
      SeriesLoader loader = new SeriesLoader();
      for (SeriesInfo s : chosen) {
        ImageSeries img = loader.load(s);
        ImagePlus imp = img.isColour() ? ImagePlusConversion.colour(img, title(s)) : ImagePlusConversion.grey(img, title(s));
        imp.show();
      }
      IJ.showStatus("opened " + chosen.size() + " of " + series.size() + " series");
    }
  }

  /** A chooser when there is more than one series; macros pass {@code series=[...]} or {@code series=[all series]}. */
  private static List<SeriesInfo> choose(List<SeriesInfo> series) {
    if (series.size() == 1) return series;
    String[] names = new String[series.size() + 1];
    for (int i = 0; i < series.size(); i++) names[i] = (i + 1) + ": " + title(series.get(i));
    names[series.size()] = ALL;
    GenericDialog gd = new GenericDialog("Choose a series");
    gd.addChoice("Series", names, names[0]);
    gd.showDialog();
    if (gd.wasCanceled()) return List.of();
    int pick = gd.getNextChoiceIndex();
    return pick == series.size() ? series : new ArrayList<>(List.of(series.get(pick)));
  }

  /** Modality, description and size: no patient identifiers. */
  static String title(SeriesInfo s) {
    String d = s.seriesDescription() == null || s.seriesDescription().isBlank() ? "" : " " + s.seriesDescription().trim();
    return s.modality() + d + " (" + s.columns() + "x" + s.rows() + "x" + s.frames() + ")";
  }
}
