package org.crossmodal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of the values of an atlas label map, read from the text file that comes beside it
 * (mricron's {@code aal.nii.txt}: "value name [code]" per line).
 */
public record LabelTable(Map<String, Integer> valueByName) {

  public static LabelTable read(Path file) throws IOException {
    Map<String, Integer> m = new LinkedHashMap<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file)) {
      lineNo++;
      String t = line.strip();
      if (t.isEmpty() || t.startsWith("#")) continue;
      String[] f = t.split("\\s+");
      if (f.length < 2) throw new IOException(file + ":" + lineNo + ": expected 'value name', got '" + t + "'");
      try {
        m.put(f[1], Integer.parseInt(f[0]));
      } catch (NumberFormatException e) {
        throw new IOException(file + ":" + lineNo + ": label value '" + f[0] + "' is not a whole number");
      }
    }
    return new LabelTable(Map.copyOf(m));
  }

  public int value(String name) {
    Integer v = valueByName.get(name);
    if (v == null) throw new IllegalArgumentException("label '" + name + "' is not in the atlas's label table");
    return v;
  }
}
