package org.crossmodal.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crossmodal.data.DicomVolume;
import org.crossmodal.data.ImageOrigin;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.data.ImageSources;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;

/**
 * Plugins › CrossModal Transfer › Open DICOM Studies…: a folder (or a zip, DICOMDIR or file); one,
 * several or all series, chosen from a study → series tree, as stacks titled after their source and
 * calibrated in mm only when the file says the pixel size. Each image carries its source, Series
 * Instance UID, Modality, Body Part Examined and descriptions as image properties, which Segment
 * and Export DICOM SEG read; a volume also its patient grid, which Train MRI Teacher reads.
 */
public final class OpenStudiesPlugin implements PlugIn {
  /** The imaging area of an ultrasound image (a boolean[] per pixel), kept with the image while it is open. */
  static final String IMAGING_AREA = ImagePlusConversion.IMAGING_AREA;

  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Open DICOM Studies");
    Fields.directory(gd, "Location (a folder of studies; or type a zip, DICOMDIR or file)", "open.location", "");
    Fields.help(gd, "open-studies");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    String location = Fields.nextString(gd, "open.location");
    Jobs.run("Open DICOM Studies", () -> open(Path.of(Fields.required(location, "location"))));
  }

  /** Opens the series found under {@code location} (a chooser when there are several); Query PACS opens retrieved studies this way. */
  static void open(Path location) throws IOException {
    IJ.showStatus("Open DICOM Studies: reading " + location + " …");
    try (ScannedStudies scan = new StudyScanner().scan(List.of(location))) {
      List<SeriesInfo> series = scan.loadable();
      if (series.isEmpty()) {
        throw new IOException(location + ": no readable DICOM series"
            + (scan.series().isEmpty() ? "" : " (" + scan.series().get(0).error() + ")"));
      }
      List<SeriesInfo> chosen = SeriesChooser.choose(series, location.toString());
      SeriesLoader loader = new SeriesLoader();
      Set<String> titles = new HashSet<>();
      for (SeriesInfo s : chosen) {
        ImageSeries img = loader.load(s);
        ImagePlus imp = image(img, title(s, titles));
        imp.show();
        if (!img.isCalibrated()) {
          IJ.log("Open DICOM Studies: " + imp.getTitle() + " has no pixel size (no Pixel Spacing or calibrated Ultrasound Region): "
              + "it is shown in pixels; Image > Properties sets a scale if you know it");
        }
      }
      Jobs.summary("opened " + chosen.size() + " of " + series.size() + " series");
    }
  }

  /** A series as an ImageJ image that knows where it came from (and, for ultrasound, its imaging area). */
  static ImagePlus image(ImageSeries img, String title) {
    SeriesInfo s = img.info();
    ImagePlus imp = img.isColour() ? ImagePlusConversion.colour(img, title) : ImagePlusConversion.grey(img, title);
    new ImageOrigin(ImageSources.source(s), s.seriesInstanceUid(), s.modality(), s.bodyPartExamined(), s.studyDescription(),
        s.seriesDescription()).attach(imp);
    if (img.imagingMask() != null) imp.setProperty(IMAGING_AREA, img.imagingMask());
    if (img.frameCount() > 1 && !"US".equals(s.modality())) {
      // A volume's place in the patient, for Train MRI Teacher (which cuts it in the configured plane).
      try {
        ImagePlusConversion.attachGrid(imp, DicomVolume.grid(s));
      } catch (IOException e) {
        // No regular grid (one slice, tilt, irregular spacing, multi-frame): the image is taken as shown.
      }
    }
    return imp;
  }

  /** Named after its source file or folder; when one source holds several series, also by modality and description. */
  static String title(SeriesInfo s, Set<String> taken) {
    String base = ImageSources.stem(ImageSources.source(s));
    String t = base;
    if (taken.contains(t)) {
      String d = s.seriesDescription() == null || s.seriesDescription().isBlank() ? "" : " " + s.seriesDescription().trim();
      t = base + " (" + s.modality() + d + ")";
    }
    for (int i = 2; !taken.add(t); i++) t = base + " (" + i + ")";
    return t;
  }
}
