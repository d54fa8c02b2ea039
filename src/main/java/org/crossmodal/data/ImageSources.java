package org.crossmodal.data;

import ij.IJ;
import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;

/**
 * Opens what users pass to {@code segment}: NIfTI volumes (axial slices, anterior up), images
 * ImageJ opens (TIFF keeps its calibration; PNG, JPEG, GIF and BMP have none), and DICOM (files,
 * folders, zips, DICOMDIR; one source per series). Each source is named after its input (file name
 * without extension; a series of several files after their folder), handed to {@code sink} and can
 * be released afterwards; problems are reported per input.
 */
public final class ImageSources {
  private ImageSources() {}

  /** File endings read through ImageJ (TIFF stacks keep their calibration; the others have none). */
  private static final List<String> IMAGEJ = List.of(".tif", ".tiff", ".png", ".jpg", ".jpeg", ".gif", ".bmp");

  /** What inputs can be, for a message about one that is none of them. */
  public static final String ACCEPTED = "DICOM (file, folder, zip or DICOMDIR), NIfTI (.nii, .nii.gz) or an image ImageJ opens "
      + "(.tif, .png, .jpg, .gif, .bmp)";

  /**
   * The sources in {@code inputs} without decoding their pixels: one per image or NIfTI file (in the
   * order given), then one per readable DICOM series (its files; unreadable files become errors).
   * With {@code unpackRoot}, zips are unpacked into new folders there (for readers on other machines)
   * instead of the system's temporary folder. Close the listing to remove those folders.
   */
  public static Listing list(List<Path> inputs, Path unpackRoot, String unpackPrefix) {
    List<List<Path>> sources = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    List<Path> dicom = new ArrayList<>();
    for (Path p : inputs) {
      if (isImageFile(p)) sources.add(List.of(p));
      else dicom.add(p);
    }
    StudyScanner scanner = unpackRoot == null ? new StudyScanner() : new StudyScanner().unpackingInto(unpackRoot, unpackPrefix);
    ScannedStudies scan = scanner.scan(dicom);
    for (SeriesInfo s : scan.series()) {
      if (s.isLoadable()) sources.add(s.files());
      else errors.add(notReadable(s));
    }
    return new Listing(List.copyOf(sources), List.copyOf(errors), scan);
  }

  /** What {@link #list} found: each source as the files that make it, and the inputs that could not be read. */
  public record Listing(List<List<Path>> sources, List<String> errors, ScannedStudies scan) implements AutoCloseable {
    @Override
    public void close() {
      scan.close();
    }
  }

  private static boolean isImageFile(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".nii") || n.endsWith(".nii.gz") || IMAGEJ.stream().anyMatch(n::endsWith);
  }

  /** A series that cannot be read: what it is not, when it is no DICOM at all, naming what inputs can be. */
  private static String notReadable(SeriesInfo s) {
    return DicomFileException.isNotDicom(s.error())
        ? s.error().substring(0, s.error().indexOf(": " + DicomFileException.NOT_DICOM)) + ": not " + ACCEPTED
        : s.error();
  }

  public static void open(List<Path> inputs, Consumer<ImageSource> sink, Consumer<String> errors) {
    List<Path> dicom = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Path p : inputs) {
      String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
      try {
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) sink.accept(nifti(p, unique(names, stem(p))));
        else if (IMAGEJ.stream().anyMatch(n::endsWith)) sink.accept(imageJ(p, unique(names, stem(p))));
        else dicom.add(p);
      } catch (IOException e) {
        errors.accept(e.getMessage());
      }
    }
    if (dicom.isEmpty()) return;
    try (ScannedStudies scan = new StudyScanner().scan(dicom)) {
      SeriesLoader loader = new SeriesLoader();
      for (SeriesInfo s : scan.series()) {
        if (!s.isLoadable()) {
          errors.accept(notReadable(s));
          continue;
        }
        try {
          ImageSeries img = loader.load(s);
          Path source = source(s);
          sink.accept(new ImageSource(unique(names, stem(source)), img.width(), img.height(), img.grey(), img.pixelWidthMm(),
              img.pixelHeightMm(), modelArea(img), new ImageOrigin(source, s.seriesInstanceUid(), s.modality(),
                  s.bodyPartExamined(), s.studyDescription(), s.seriesDescription())));
        } catch (IOException e) {
          errors.accept(e.getMessage());
        }
      }
    }
  }

  /** The imaging area the models see: for colour ultrasound, without its colour-flow pixels ({@link ColourFlow}). */
  public static boolean[] modelArea(ImageSeries img) {
    boolean[] area = img.imagingMask();
    return area != null && img.isColour() ? ColourFlow.excluded(area, img.rgb()) : area;
  }

  /**
   * What a series is named after: the file when it is one file (or the input named one), else the
   * folder holding its files.
   */
  public static Path source(SeriesInfo s) {
    List<Path> files = s.files();
    if (files.size() == 1) return files.get(0);
    Path folder = files.get(0).toAbsolutePath().getParent();
    for (Path f : files) {
      while (folder != null && !f.toAbsolutePath().startsWith(folder)) folder = folder.getParent();
    }
    return folder == null || folder.getFileName() == null ? files.get(0) : folder;
  }

  /** Sources opened in separate calls can share a name (case7.dcm in two folders): later ones get -2, -3 … */
  public static List<ImageSource> uniquelyNamed(List<ImageSource> sources) {
    Set<String> taken = new HashSet<>();
    List<ImageSource> out = new ArrayList<>();
    for (ImageSource s : sources) {
      String n = unique(taken, s.name());
      out.add(n.equals(s.name()) ? s
          : new ImageSource(n, s.width(), s.height(), s.frames(), s.pixelWidthMm(), s.pixelHeightMm(), s.mask(), s.origin()));
    }
    return out;
  }

  /** {@code name}, or name-2, name-3 … when an earlier input of this run already has it. */
  private static String unique(Set<String> taken, String name) {
    String n = name.isBlank() ? "image" : name;
    for (int i = 2; !taken.add(n); i++) n = name + "-" + i;
    return n;
  }

  /**
   * A NIfTI volume as axial slices cut from its own orientation (sform, else qform), anterior up: the
   * way a teacher's training volumes are cut ({@link PlaneCut}), whatever order the file stores its axes in.
   */
  private static ImageSource nifti(Path p, String name) throws IOException {
    OrientedVolume read = NiftiReader.readOriented(p);
    Volume v = PlaneCut.cut(read.volume(), read.grid(), p.toString(), AnatomicalPlane.AXIAL, false);
    float[][] frames = new float[v.nz()][];
    for (int z = 0; z < v.nz(); z++) frames[z] = AxialSlices.displaySlice(v, z);
    return new ImageSource(name, v.nx(), v.ny(), frames, v.sx(), v.sy(), null, ImageOrigin.file(p, "MR"));
  }

  private static ImageSource imageJ(Path p, String name) throws IOException {
    ImagePlus imp = IJ.openImage(p.toString());
    if (imp == null) throw new IOException(p + ": ImageJ cannot open it as an image");
    float[][] frames = new float[imp.getStackSize()][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = (float[]) imp.getStack().getProcessor(i + 1).convertToFloat().getPixels();
    }
    var cal = imp.getCalibration();
    // An uncalibrated image (unit "pixel", or a unit that is no length) has no physical scale: 0 says so.
    double mm = cal.scaled() ? millimetres(cal.getUnit()) : 0;
    ImageOrigin o = ImageOrigin.of(imp);
    return new ImageSource(name, imp.getWidth(), imp.getHeight(), frames, cal.pixelWidth * mm, cal.pixelHeight * mm, null,
        o.source() == null ? new ImageOrigin(p, o.seriesInstanceUid(), o.modality(), o.bodyPartExamined(), o.studyDescription(),
            o.seriesDescription()) : o);
  }

  /** Millimetres per unit of an ImageJ calibration's unit; 0 for pixels or a unit that is no length. */
  public static double millimetres(String unit) {
    return switch (unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT)) {
      case "mm", "millimeter", "millimetre", "millimeters", "millimetres" -> 1;
      case "cm" -> 10;
      case "m" -> 1000;
      case "\u00b5m", "\u03bcm", "um", "micron", "microns" -> 1e-3;
      case "inch", "in", "inches" -> 25.4;
      default -> 0;
    };
  }

  public static String stem(Path p) {
    return p.getFileName().toString().replaceAll("(?i)\\.(nii\\.gz|nii|tiff?|dcm|dicom|png|jpe?g|gif|bmp|zip)$", "");
  }
}
