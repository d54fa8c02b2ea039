package org.crossmodal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.crossmodal.dicom.Deidentifier;

/**
 * For de-identified exports: input paths in messages (folder names such as {@code DOE_JOHN_MRN12345})
 * become keyed tokens {@code input-<16 hex>}. Every path under an input root, from the root to the
 * end of the path (the next {@code ": "}, line end or message end), is replaced; the same path gives
 * the same token with the same key, and no token can be traced back without the key.
 */
final class InputRedactor {
  private final List<String> roots;
  private final Deidentifier keyed;

  private InputRedactor(List<String> roots, Deidentifier keyed) {
    this.roots = roots;
    this.keyed = keyed;
  }

  /** Leaves messages as they are (no de-identification). */
  static InputRedactor none() {
    return new InputRedactor(List.of(), null);
  }

  /** Redacts paths under {@code inputs} (as given, absolute and real) and under {@code extra} folders. */
  static InputRedactor of(List<Path> inputs, List<Path> extra, Deidentifier keyed) {
    Set<String> roots = new LinkedHashSet<>();
    for (Path p : concat(inputs, extra)) {
      roots.add(p.toString());
      roots.add(p.toAbsolutePath().normalize().toString());
      try {
        if (Files.exists(p)) roots.add(p.toRealPath().toString());
      } catch (IOException e) {
        // the other two forms remain
      }
    }
    roots.removeIf(r -> r.isEmpty() || r.equals("/") || r.equals("."));
    return new InputRedactor(roots.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList(), keyed);
  }

  private static List<Path> concat(List<Path> a, List<Path> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  String redact(String message) {
    if (message == null || keyed == null) return message;
    StringBuilder out = new StringBuilder();
    int at = 0;
    while (at < message.length()) {
      int start = -1;
      for (String r : roots) {
        int i = find(message, r, at);
        if (i >= 0 && (start < 0 || i < start)) start = i;
      }
      if (start < 0) break;
      int end = end(message, start);
      out.append(message, at, start).append(keyed.token("input", message.substring(start, end)));
      at = end;
    }
    return out.append(message.substring(at)).toString();
  }

  /** The next occurrence of {@code root} as a whole path element sequence: not inside a word, followed by /, !, : or the end. */
  private static int find(String m, String root, int from) {
    for (int i = m.indexOf(root, from); i >= 0; i = m.indexOf(root, i + 1)) {
      char before = i == 0 ? ' ' : m.charAt(i - 1);
      int after = i + root.length();
      boolean startsPath = !(Character.isLetterOrDigit(before) || before == '.' || before == '_' || before == '-' || before == '/');
      boolean endsPath = after == m.length() || "/!:".indexOf(m.charAt(after)) >= 0;
      if (startsPath && endsPath) return i;
    }
    return -1;
  }

  private static int end(String m, int from) {
    int end = m.length();
    int colon = m.indexOf(": ", from), line = m.indexOf('\n', from);
    if (colon >= 0) end = Math.min(end, colon);
    if (line >= 0) end = Math.min(end, line);
    return end;
  }

  StudyOutcome redact(StudyOutcome o) {
    return keyed == null ? o : new StudyOutcome(o.study(), o.outcome(), redact(o.reason()), o.series(), o.frames(), o.seconds());
  }
}
