package org.crossmodal.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layers of docs/architecture.md, read from the sources: each package imports only the packages
 * below it, and PixelMed only in the DICOM layer (dicom, pacs).
 */
class LayersTest {
  private static final Path SOURCES = Path.of("src/main/java/org/crossmodal");

  /** What each package may import from the project, besides itself. */
  private static final Map<String, Set<String>> MAY_IMPORT = Map.ofEntries(
      Map.entry("io", Set.of()),
      Map.entry("cluster", Set.of()),
      Map.entry("dicom", Set.of("io")),
      Map.entry("pacs", Set.of("io", "dicom")),
      Map.entry("data", Set.of("io", "dicom")),
      Map.entry("simulate", Set.of("io", "dicom", "data")),
      Map.entry("config", Set.of("io", "data", "simulate")),
      Map.entry("model", Set.of("io", "data")),
      Map.entry("inference", Set.of("io", "cluster", "data", "simulate", "config", "model")),
      Map.entry("evaluation", Set.of("io", "data", "config", "model", "inference")),
      Map.entry("training.adaptation", Set.of("config", "model")),
      Map.entry("training", Set.of("io", "data", "simulate", "config", "model", "inference", "evaluation", "training.adaptation")),
      Map.entry("report", Set.of("io", "data", "model", "evaluation")),
      Map.entry("transfer", Set.of("io", "dicom", "data", "simulate", "config", "model", "inference", "evaluation", "training", "report")),
      Map.entry("batch", Set.of("io", "cluster", "dicom", "data", "model")),
      Map.entry("bench", Set.of("io", "cluster", "dicom", "data", "model", "simulate", "training", "batch")));
  /** The shells over the API may import anything below them, never each other. */
  private static final Set<String> SHELLS = Set.of("cli", "fiji");
  private static final Set<String> DICOM_LAYER = Set.of("dicom", "pacs");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?(org\\.crossmodal|com\\.pixelmed)\\.([\\w.]+);");

  @Test
  void everyPackageImportsOnlyWhatLiesBelowIt() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Path file : sources()) {
      String pkg = packageOf(file);
      Set<String> allowed = MAY_IMPORT.get(pkg);
      if (allowed == null && !SHELLS.contains(pkg)) {
        wrong.add(pkg + ": a package docs/architecture.md and this test do not know");
        continue;
      }
      Matcher m = IMPORT.matcher(Files.readString(file));
      while (m.find()) {
        if (!m.group(1).equals("org.crossmodal")) continue;
        String target = packageOfClass(m.group(2));
        boolean ok = target.equals(pkg) || (allowed == null ? !SHELLS.contains(target) : allowed.contains(target));
        if (!ok) wrong.add(SOURCES.relativize(file) + " imports " + m.group(1) + "." + m.group(2));
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void pixelMedStaysInTheDicomLayer() throws IOException {
    Set<String> wrong = new TreeSet<>();
    for (Path file : sources()) {
      String text = Files.readString(file);
      if (!DICOM_LAYER.contains(packageOf(file)) && text.contains("com.pixelmed")) wrong.add(SOURCES.relativize(file).toString());
    }
    assertEquals(Set.of(), wrong);
  }

  private static List<Path> sources() throws IOException {
    try (Stream<Path> s = Files.walk(SOURCES)) {
      return s.filter(p -> p.toString().endsWith(".java")).sorted().toList();
    }
  }

  /** {@code training.adaptation} for src/main/java/org/crossmodal/training/adaptation/X.java. */
  private static String packageOf(Path file) {
    return SOURCES.relativize(file.getParent()).toString().replace('/', '.');
  }

  /** The project package of an imported class: every lower-case segment before the class name. */
  private static String packageOfClass(String qualified) {
    List<String> parts = new ArrayList<>();
    for (String s : qualified.split("\\.")) {
      if (Character.isUpperCase(s.charAt(0))) break;
      parts.add(s);
    }
    return String.join(".", parts);
  }
}
