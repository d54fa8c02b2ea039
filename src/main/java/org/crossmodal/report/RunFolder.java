package org.crossmodal.report;

import com.fasterxml.jackson.databind.JsonNode;
import ij.IJ;
import ij.ImagePlus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelFile;

/**
 * What the report reads from a run folder, by the names {@code TransferRun} writes. Every reader
 * returns null when its file is absent, so a partial run gives a partial report.
 */
record RunFolder(Path dir) {
  static final String METRICS = "metrics.json", CONFIG = "config.json";
  static final List<String> MODELS = List.of("teacher", "student", "oracle");

  Path file(String relative) {
    return dir.resolve(relative);
  }

  boolean has(String relative) {
    return Files.isRegularFile(file(relative));
  }

  JsonNode json(String relative) throws IOException {
    return has(relative) ? Json.MAPPER.readTree(file(relative).toFile()) : null;
  }

  /** {@code teacher/teacher.model.zip} and its kin. */
  static String modelFile(String kind) {
    return kind + "/" + kind + ".model.zip";
  }

  /** A model file's descriptor as a JSON tree, or null before that model is trained. */
  JsonNode descriptor(String kind) throws IOException {
    return has(modelFile(kind)) ? Json.MAPPER.valueToTree(ModelFile.readDescriptor(file(modelFile(kind)))) : null;
  }

  /** An ImageJ image of the run folder (TIFF), or null when absent. */
  ImagePlus image(String relative) throws IOException {
    if (!has(relative)) return null;
    ImagePlus imp = IJ.openImage(file(relative).toString());
    if (imp == null) throw new IOException(file(relative) + ": ImageJ cannot read it");
    return imp;
  }

  /** The self-training rounds that have pseudo-labels, in order: {@code student/pseudo-labels/round-N}. */
  List<Integer> pseudoLabelRounds() throws IOException {
    Path root = file("student/pseudo-labels");
    List<Integer> rounds = new ArrayList<>();
    if (!Files.isDirectory(root)) return rounds;
    try (Stream<Path> s = Files.list(root)) {
      s.map(p -> p.getFileName().toString()).filter(n -> n.matches("round-\\d+"))
          .map(n -> Integer.parseInt(n.substring("round-".length()))).sorted(Comparator.naturalOrder()).forEach(rounds::add);
    }
    return rounds;
  }

  static String round(int n) {
    return "student/pseudo-labels/round-" + n + "/";
  }
}
