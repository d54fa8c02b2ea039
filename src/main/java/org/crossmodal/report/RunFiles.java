package org.crossmodal.report;

import com.fasterxml.jackson.databind.JsonNode;
import ij.IJ;
import ij.ImagePlus;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelFile;

/**
 * What the report reads from a run folder, by the names {@link RunFolder} gives. Every reader
 * returns null when its file is absent, so a partial run gives a partial report.
 */
record RunFiles(RunFolder folder) {
  /** A file of the run as the report names it: relative to the run folder. */
  String name(Path file) {
    return folder.dir().relativize(file).toString().replace(File.separatorChar, '/');
  }

  boolean has(Path file) {
    return Files.isRegularFile(file);
  }

  JsonNode json(Path file) throws IOException {
    return has(file) ? Json.MAPPER.readTree(file.toFile()) : null;
  }

  /** A model file's descriptor as a JSON tree, or null before that model is trained. */
  JsonNode descriptor(String kind) throws IOException {
    Path model = folder.model(kind).model();
    return has(model) ? Json.MAPPER.valueToTree(ModelFile.readDescriptor(model)) : null;
  }

  /** An ImageJ image of the run folder (TIFF), or null when absent. */
  ImagePlus image(Path file) throws IOException {
    if (!has(file)) return null;
    ImagePlus imp = IJ.openImage(file.toString());
    if (imp == null) throw new IOException(file + ": ImageJ cannot read it");
    return imp;
  }

  /** The self-training rounds that have pseudo-labels, in order. */
  List<Integer> pseudoLabelRounds() throws IOException {
    Path root = folder.student().pseudoLabelRounds();
    List<Integer> rounds = new ArrayList<>();
    if (!Files.isDirectory(root)) return rounds;
    try (Stream<Path> s = Files.list(root)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches("round-\\d+"))
          .map(n -> Integer.parseInt(n.substring("round-".length()))).sorted(Comparator.naturalOrder()).forEach(rounds::add);
    }
    return rounds;
  }

  RunFolder.PseudoLabels round(int n) {
    return folder.student().pseudoLabels(n);
  }
}
