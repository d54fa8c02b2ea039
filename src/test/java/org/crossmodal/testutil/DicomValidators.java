package org.crossmodal.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dicom3tools' validators on the files we write. Two faults are inherited, not ours: UIDs with an
 * illegal root that the sources carry (a derived object must copy and reference them as they are),
 * and the sources' ACR-NEMA dates and times (1994.01.30, 11:25:01), which we write in their valid
 * form (19940130, 112501).
 */
public final class DicomValidators {
  private static final Pattern ILLEGAL_ROOT = Pattern.compile("Illegal root for UID - \"([0-9.]+)\"");
  private static final Pattern DIFFERENT = Pattern.compile("Value 1 <([^>]*)> versus <([^>]*)>");

  private DicomValidators() {}

  /** dciodvfy's error lines for {@code file}, less the illegal-root UIDs found in {@code sources}. */
  public static List<String> iodErrors(Path file, List<Path> sources) throws IOException, InterruptedException {
    StringBuilder sourceText = new StringBuilder();
    for (Path s : sources) sourceText.append(Tools.run("dcmdump", "-M", s.toString()).output());
    List<String> errors = new ArrayList<>();
    for (String line : Tools.run("dciodvfy", file.toString()).output().split("\n")) {
      if (!line.startsWith("Error")) continue;
      Matcher m = ILLEGAL_ROOT.matcher(line);
      if (m.find() && sourceText.toString().contains(m.group(1))) continue;
      errors.add(line);
    }
    return errors;
  }

  /** dcentvfy's error lines across sources and derived objects, less the legacy date/time forms. */
  public static List<String> entityErrors(List<Path> files) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("dcentvfy"));
    files.forEach(f -> cmd.add(f.toString()));
    List<String> errors = new ArrayList<>();
    for (String line : Tools.run(cmd.toArray(String[]::new)).output().split("\n")) {
      if (!line.startsWith("Error")) continue;
      Matcher m = DIFFERENT.matcher(line);
      if (m.find() && m.group(1).replace(".", "").replace(":", "").equals(m.group(2))) continue;
      errors.add(line);
    }
    return errors;
  }
}
