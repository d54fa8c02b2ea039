package org.crossmodal.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Real ultrasound inputs sorted into those with labels beside them and those without. An image
 * {@code NAME.dcm} (or any image file) is labelled when {@code NAME_labels.tif}, {@code NAME_seg.dcm}
 * or, for a non-TIFF image, {@code NAME.tif} sits in the same folder; the label files themselves are no
 * inputs. A folder with no label file in it is passed on whole, so its series, zips and DICOMDIRs are
 * read as everywhere else.
 */
public final class UltrasoundInputs {
  /** An image file and its label file (a label TIFF or a DICOM SEG). */
  public record Labelled(Path image, Path labels) {}

  public record Split(List<Path> unlabelled, List<Labelled> labelled) {}

  private UltrasoundInputs() {}

  public static Split split(List<Path> inputs) throws IOException {
    List<Path> unlabelled = new ArrayList<>();
    List<Labelled> labelled = new ArrayList<>();
    for (Path in : inputs) {
      if (Files.isRegularFile(in)) {
        Path l = labelsBeside(in);
        if (l == null) unlabelled.add(in);
        else labelled.add(new Labelled(in, l));
      } else if (Files.isDirectory(in) && holdsLabels(in)) {
        List<Path> files = files(in);
        Set<Path> labelFiles = new HashSet<>();
        for (Path f : files) {
          Path l = labelsBeside(f);
          if (l != null) labelFiles.add(l);
        }
        for (Path f : files) {
          // A DICOMDIR's files are read as themselves here; the index would read them twice.
          if (labelFiles.contains(f) || f.getFileName().toString().equalsIgnoreCase("DICOMDIR")) continue;
          Path l = labelsBeside(f);
          if (l == null) unlabelled.add(f);
          else labelled.add(new Labelled(f, l));
        }
      } else {
        unlabelled.add(in);
      }
    }
    return new Split(unlabelled, labelled);
  }

  /** The label file beside {@code image}, or null. */
  public static Path labelsBeside(Path image) {
    Path dir = image.toAbsolutePath().getParent();
    String name = image.getFileName().toString();
    String stem = ImageSources.stem(image);
    if (stem.endsWith("_labels") || stem.endsWith("_seg")) return null;
    boolean tiff = name.toLowerCase(Locale.ROOT).matches(".*\\.tiff?$");
    List<String> candidates = new ArrayList<>(List.of(stem + "_labels.tif", stem + "_labels.tiff", stem + "_seg.dcm"));
    if (!tiff) candidates.addAll(List.of(stem + ".tif", stem + ".tiff"));
    for (String c : candidates) {
      Path p = dir.resolve(c);
      if (Files.isRegularFile(p)) return p;
    }
    return null;
  }

  private static boolean holdsLabels(Path dir) throws IOException {
    return files(dir).stream().anyMatch(f -> labelsBeside(f) != null);
  }

  private static List<Path> files(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
