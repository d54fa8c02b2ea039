package org.crossmodal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Every output file is written under a temporary name in the same folder and then renamed, so a
 * kill never leaves a half-written file under the final name. Targets are plain paths without
 * {@code ..}; a path built from a name that came from an input file goes through {@link #under}.
 * Outputs are derived from patient images: files are readable by their owner only (0600) and the
 * folders created for them are owner-only too (0700); share them deliberately (chmod) if needed.
 */
public final class AtomicFiles {
  /** Owner read and write: every file this project writes. */
  public static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  /** Owner only: every folder this project creates. */
  public static final Set<PosixFilePermission> PRIVATE_FOLDER = PosixFilePermissions.fromString("rwx------");

  private AtomicFiles() {}

  /**
   * Creates {@code dir} and its missing parents owner-only (0700); folders that exist already keep
   * their permissions (they are the user's).
   */
  public static Path createDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) return dir;
    try {
      FileAttribute<Set<PosixFilePermission>> attr = PosixFilePermissions.asFileAttribute(PRIVATE_FOLDER);
      return Files.createDirectories(dir, attr);
    } catch (UnsupportedOperationException e) {
      return Files.createDirectories(dir); // not a POSIX file system
    }
  }

  /** Makes an existing file owner-only (0600), for files a library wrote with the default permissions. */
  public static void makePrivate(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PRIVATE_FILE);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to set
    }
  }

  /**
   * {@code root/name/...}, refused unless every name is one plain path element (no separator, not
   * {@code .} or {@code ..}, not absolute) and the result stays inside {@code root}.
   */
  public static Path under(Path root, String... names) throws IOException {
    Path base = root.toAbsolutePath().normalize(), p = base;
    for (String n : names) {
      if (n == null || n.isEmpty() || n.equals(".") || n.equals("..") || n.indexOf('/') >= 0 || n.indexOf('\\') >= 0
          || n.indexOf('\0') >= 0) {
        throw new IOException("refused to write '" + n + "' under " + root + ": not a plain file name");
      }
      p = p.resolve(n);
    }
    if (!p.normalize().startsWith(base) || p.equals(base)) throw new IOException("refused to write " + p + ": outside " + root);
    return p;
  }

  /** Writes what {@code body} produces to {@code target} atomically. */
  public static void write(Path target, IoConsumer<OutputStream> body) throws IOException {
    Path dir = checked(target).getParent();
    createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        body.accept(out);
      }
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** For libraries that insist on writing to a path themselves: they write to a temporary path. */
  public static void writeVia(Path target, IoConsumer<Path> writer) throws IOException {
    Path dir = checked(target).getParent();
    createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".part");
    try {
      writer.accept(tmp);
      moveIntoPlace(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Deletes the temporary files a killed writer left under {@code dir}: a resumed run calls this so
   * that no half-written file outlives the kill.
   */
  public static void removeLeftovers(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) return;
    try (var s = Files.walk(dir)) {
      for (Path p : s.filter(AtomicFiles::isLeftover).toList()) Files.deleteIfExists(p);
    }
  }

  /** The absolute target; a path that climbs with {@code ..} is refused (a name from an input file slipped through). */
  private static Path checked(Path target) throws IOException {
    for (Path element : target) {
      if (element.toString().equals("..")) throw new IOException("refused to write " + target + ": the path climbs out with '..'");
    }
    return target.toAbsolutePath();
  }

  static boolean isLeftover(Path p) {
    String n = p.getFileName().toString();
    return n.startsWith(".") && n.endsWith(".part") && Files.isRegularFile(p);
  }

  private static void moveIntoPlace(Path tmp, Path target) throws IOException {
    // Temporary files are created owner-only (0600); a library that wrote the file itself may have widened it.
    makePrivate(tmp);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @FunctionalInterface
  public interface IoConsumer<T> {
    void accept(T t) throws IOException;
  }
}
