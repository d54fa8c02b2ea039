package org.crossmodal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The files of an input folder, and only those: a symbolic link inside the folder is followed only
 * when its target lies inside the folder too (links out of it, e.g. {@code leak.dcm -> /etc/...} or
 * to another patient's data, are reported and not followed). Links to folders are not walked into.
 * The folder itself may be a link: the user named it.
 */
public final class InputFiles {
  private InputFiles() {}

  /** Regular files under {@code root}, sorted; every link not followed is reported to {@code refused} (one line each). */
  public static List<Path> regularFiles(Path root, Consumer<String> refused) throws IOException {
    Path realRoot = root.toRealPath();
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Iterator<Path> it = s.sorted().iterator(); it.hasNext(); ) {
        Path p = it.next();
        if (!Files.isSymbolicLink(p)) {
          if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) out.add(p);
          continue;
        }
        Path target;
        try {
          target = p.toRealPath();
        } catch (IOException e) {
          refused.accept(p + ": a link to nothing that exists; not followed");
          continue;
        }
        if (!target.startsWith(realRoot)) refused.accept(p + ": a link leading out of " + root + "; not followed");
        else if (Files.isRegularFile(target)) out.add(p);
      }
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    return out;
  }

  /** Whether {@code file} (links resolved) lies inside {@code folder} (links resolved); false when it does not exist. */
  public static boolean inside(Path file, Path folder) {
    try {
      return file.toRealPath().startsWith(folder.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }
}
