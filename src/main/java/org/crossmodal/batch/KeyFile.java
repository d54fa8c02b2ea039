package org.crossmodal.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import org.crossmodal.io.AtomicFiles;

/**
 * The secret behind the pseudonyms and replacement UIDs of a de-identified export. With it, anyone
 * can re-link pseudonyms to patients by trying candidate IDs, so it lives in a file of its own,
 * outside the export folder, readable by its owner only: created 0600 (its folder 0700) when it does
 * not exist, refused when others may read it or when it lies inside the export folder. The same key
 * gives the same pseudonyms in every run. Format: 64 hex digits (a 32-byte key written by an earlier
 * version, raw, is read too).
 */
public final class KeyFile {
  /** Where earlier versions kept the key: inside the export, which is refused now. */
  static final String LEGACY_NAME = "deidentify.key";
  private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
      PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

  private KeyFile() {}

  /**
   * The key in {@code keyFile}, created if it does not exist; {@code exportDir} is the folder the
   * de-identified files go to, which must not hold the key.
   */
  public static byte[] load(Path keyFile, Path exportDir) throws IOException {
    if (keyFile == null) {
      throw new IOException("de-identification needs --key-file PATH: the key that makes the pseudonyms, kept outside "
          + exportDir + " (it must not travel with the export)");
    }
    Path legacy = exportDir.resolve(LEGACY_NAME);
    if (Files.exists(legacy, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException(legacy + ": a de-identification key inside the export folder " + exportDir
          + " would ship with it; move it out (e.g. next to " + keyFile + ") and pass it with --key-file");
    }
    if (inside(keyFile, exportDir)) {
      throw new IOException("refused to keep the de-identification key " + keyFile + " inside the export folder "
          + exportDir + ": it would ship with the export; give --key-file a path outside " + exportDir);
    }
    if (!Files.exists(keyFile)) create(keyFile);
    return read(keyFile);
  }

  private static byte[] read(Path keyFile) throws IOException {
    if (!Files.isRegularFile(keyFile)) throw new IOException(keyFile + ": the de-identification key is not a regular file");
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
      if (perms.stream().anyMatch(OTHERS::contains)) {
        throw new IOException(keyFile + ": the de-identification key may be read by others (mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(perms) + "); make it owner-only: chmod 600 " + keyFile);
      }
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's access rules apply
    }
    byte[] bytes = Files.readAllBytes(keyFile);
    if (bytes.length == 32) return bytes; // raw, as earlier versions wrote it
    String text = new String(bytes, StandardCharsets.US_ASCII).strip();
    if (text.matches("[0-9a-fA-F]{64}")) return HexFormat.of().parseHex(text);
    throw new IOException(keyFile + ": not a de-identification key (expected 64 hex digits)");
  }

  /** A new random key, written owner-only; when another run created it meanwhile, that one is kept. */
  private static void create(Path keyFile) throws IOException {
    Path dir = keyFile.toAbsolutePath().getParent();
    AtomicFiles.createDirectories(dir);
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    Path tmp = Files.createTempFile(dir, "." + keyFile.getFileName() + ".", ".part"); // 0600
    try {
      Files.writeString(tmp, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
      AtomicFiles.makePrivate(tmp);
      try {
        Files.createLink(keyFile, tmp); // atomic, and never replaces a key that exists
      } catch (FileAlreadyExistsException e) {
        // created by a run in parallel: use that one
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, keyFile);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Whether {@code file} is (or would be) inside {@code folder}, links resolved as far as they exist. */
  static boolean inside(Path file, Path folder) throws IOException {
    return real(file).startsWith(real(folder));
  }

  /** The real path of the longest existing prefix, with the rest appended. */
  private static Path real(Path p) throws IOException {
    Path abs = p.toAbsolutePath().normalize(), existing = abs;
    while (existing != null && !Files.exists(existing)) existing = existing.getParent();
    if (existing == null) return abs;
    return existing.toRealPath().resolve(existing.relativize(abs)).normalize();
  }
}
