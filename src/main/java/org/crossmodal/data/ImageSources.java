package org.crossmodal.data;

import ij.IJ;
import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;

/**
 * Opens what users pass to {@code segment}: NIfTI volumes (axial slices, anterior up), ImageJ
 * images (TIFF), and DICOM (files, folders, zips, DICOMDIR; one source per series). Each source is
 * handed to {@code sink} and can be released afterwards; problems are reported per input.
 */
public final class ImageSources {
  private ImageSources() {}

  /**
   * The sources in {@code inputs} without decoding their pixels: one per TIFF or NIfTI file (in the
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
      else errors.add(s.error());
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
    String n = p.getFileName().toString().toLowerCase();
    return n.endsWith(".nii") || n.endsWith(".nii.gz") || n.endsWith(".tif") || n.endsWith(".tiff");
  }

  public static void open(List<Path> inputs, Consumer<ImageSource> sink, Consumer<String> errors) {
    List<Path> dicom = new ArrayList<>();
    for (Path p : inputs) {
      String n = p.getFileName().toString().toLowerCase();
      try {
        if (n.endsWith(".nii") || n.endsWith(".nii.gz")) sink.accept(nifti(p));
        else if (n.endsWith(".tif") || n.endsWith(".tiff")) sink.accept(imageJ(p));
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
          errors.accept(s.error());
          continue;
        }
        try {
          ImageSeries img = loader.load(s);
          sink.accept(new ImageSource(SeriesExport.fileName(s).replace(".tif", ""), img.width(), img.height(), img.grey(),
              img.pixelWidthMm(), img.pixelHeightMm(), img.imagingMask()));
        } catch (IOException e) {
          errors.accept(e.getMessage());
        }
      }
    }
  }

  private static ImageSource nifti(Path p) throws IOException {
    Volume v = NiftiReader.read(p);
    float[][] frames = new float[v.nz()][];
    for (int z = 0; z < v.nz(); z++) frames[z] = AxialSlices.displaySlice(v, z);
    return new ImageSource(stem(p), v.nx(), v.ny(), frames, v.sx(), v.sy(), null);
  }

  private static ImageSource imageJ(Path p) throws IOException {
    ImagePlus imp = IJ.openImage(p.toString());
    if (imp == null) throw new IOException(p + ": ImageJ cannot open it as an image");
    float[][] frames = new float[imp.getStackSize()][];
    for (int i = 0; i < frames.length; i++) {
      frames[i] = (float[]) imp.getStack().getProcessor(i + 1).convertToFloat().getPixels();
    }
    var cal = imp.getCalibration();
    double mm = millimetres(cal.getUnit());
    // An uncalibrated image (unit "pixel") has no physical scale: 0 says so.
    return new ImageSource(stem(p), imp.getWidth(), imp.getHeight(), frames, cal.scaled() ? cal.pixelWidth * mm : 0,
        cal.scaled() ? cal.pixelHeight * mm : 0, null);
  }

  private static double millimetres(String unit) {
    return switch (unit == null ? "" : unit.toLowerCase()) {
      case "cm" -> 10;
      case "µm", "um", "micron", "microns" -> 1e-3;
      case "m" -> 1000;
      default -> 1;
    };
  }

  static String stem(Path p) {
    return p.getFileName().toString().replaceAll("\\.(nii\\.gz|nii|tiff?|dcm)$", "");
  }
}
