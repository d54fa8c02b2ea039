package org.crossmodal.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Checks a path given as a model before anything opens it, so that every command's error names the
 * path and says what is wrong with it: the JDK's own messages ("Is a directory") name neither.
 */
public final class ModelPath {
  private ModelPath() {}

  /** Returns {@code file} when it is a readable regular file, else throws naming it and the reason. */
  public static Path requireFile(Path file) throws IOException {
    if (Files.isDirectory(file)) throw new IOException(file + ": is a folder, expected a .model.zip file" + modelsIn(file));
    if (!Files.exists(file)) throw new IOException(file + ": no such file, expected a .model.zip file");
    if (!Files.isRegularFile(file)) throw new IOException(file + ": is not a regular file, expected a .model.zip file");
    if (!Files.isReadable(file)) throw new IOException(file + ": cannot be read (permission denied)");
    return file;
  }

  /** " (it holds teacher.model.zip, ...)" when the folder holds model files: most likely the user meant one of them. */
  private static String modelsIn(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      var names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".model.zip")).sorted().limit(5).toList();
      return names.isEmpty() ? "" : " (it holds " + String.join(", ", names) + ")";
    } catch (IOException e) {
      return "";
    }
  }
}
