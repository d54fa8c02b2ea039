package org.crossmodal.evaluation;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.ImageSources;

/**
 * Which images to open together so that each gets its labels. Ultrasound exports often put every
 * clip or still of an examination into one DICOM series; read as one series they would be one source
 * named after their folder, with no label file of that name. When every file of such a series has
 * labels named after the file itself ({@code case7.dcm} with {@code case7.tif} or
 * {@code case7_labels.tif}), each file is opened as a source of its own instead.
 */
final class LabelPairing {
  private LabelPairing() {}

  /** Groups of inputs, each to be opened on its own; {@code [[images]]} when nothing pairs by file name. */
  static List<List<Path>> imageGroups(Path images, Path labels, List<String> errors) {
    List<List<Path>> whole = List.of(List.of(images));
    if (!Files.isDirectory(labels)) return whole;
    List<List<Path>> groups = new ArrayList<>();
    boolean split = false;
    try (ImageSources.Listing listing = ImageSources.list(List.of(images), null, "crossmodal-zip-")) {
      // Files unpacked from a zip are gone once the listing closes: such inputs are opened whole.
      if (!listing.scan().unpackedFolders().isEmpty()) return whole;
      for (List<Path> source : listing.sources()) {
        if (source.size() > 1 && source.stream().allMatch(f -> EvaluationJob.labelFile(labels, ImageSources.stem(f)) != null)) {
          for (Path f : source) groups.add(List.of(f));
          split = true;
        } else {
          groups.add(source);
        }
      }
      if (split) errors.addAll(listing.errors());
    }
    return split ? groups : whole;
  }
}
