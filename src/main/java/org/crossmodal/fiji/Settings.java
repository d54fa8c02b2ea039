package org.crossmodal.fiji;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.Json;

/**
 * Where each setting of a run comes from, for the Log: the configuration file (what it names), a
 * dialog field (when it differs from the file), or the built-in defaults (everything else). The
 * dialog fields start from the file, so a value only comes from the dialog when the user changed it.
 */
final class Settings {
  private Settings() {}

  /** Every value the file sets, as "section.key value" (a teacher-only file's values under "teacher."). */
  static List<String> fromFile(Path file) throws IOException {
    JsonNode tree = Json.tree(file);
    boolean teacherOnly = !tree.has("teacher") && (tree.has("data") || tree.has("network") || tree.has("training"));
    List<String> out = new ArrayList<>();
    flatten(teacherOnly ? "teacher" : "", tree, out);
    return out;
  }

  /** Whether the file sets {@code path} ("teacher.training.epochs"). */
  static boolean sets(Path file, String path) throws IOException {
    return fromFile(file).stream().anyMatch(line -> line.startsWith(path + " "));
  }

  private static void flatten(String prefix, JsonNode node, List<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
      return;
    }
    String v = node.isValueNode() ? node.asText() : node.toString();
    out.add(prefix + " " + (v.length() > 60 ? v.substring(0, 57) + "..." : v));
  }

  /**
   * "epochs 2 (this dialog; tiny.yaml says 1)", "epochs 1 (tiny.yaml)" or "epochs 40 (default)":
   * one dialog value and where it came from.
   */
  static String origin(String name, Object used, Object configured, Path file, boolean fileSetsIt) {
    String f = file == null ? null : file.getFileName().toString();
    if (!String.valueOf(used).equals(String.valueOf(configured))) {
      return name + " " + used + " (this dialog; " + (fileSetsIt ? f + " says " : "the default is ") + configured + ")";
    }
    return name + " " + used + " (" + (fileSetsIt ? f : "default") + ")";
  }

  /** "from tiny.yaml: a 1, b 2; everything else default", or "no configuration file: defaults". */
  static String fileSummary(Path file) throws IOException {
    return fileSummary(file, "");
  }

  /** The same for the settings under {@code prefix} only (e.g. "teacher." for a teacher's run). */
  static String fileSummary(Path file, String prefix) throws IOException {
    if (file == null) return "no configuration file: defaults";
    List<String> set = fromFile(file).stream().filter(s -> s.startsWith(prefix)).toList();
    return "from " + file.getFileName() + ": " + (set.isEmpty() ? "nothing" : String.join(", ", set)) + "; everything else default";
  }
}
