package org.crossmodal.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Unpacks a zip into a private folder. An entry whose name would land outside that folder (zip
 * slip) is refused and reported; totals are bounded by {@link ArchiveLimits} (zip bombs). The bounds
 * count bytes really unpacked against the archive's real size on disk: the sizes in an archive's
 * headers are the archive's word, and a crafted one lies (a central directory claiming 1 GiB of
 * compressed data would otherwise allow 200 GiB). An entry unpacking beyond the size its header
 * declares is refused too.
 */
final class ZipInput {
  private ZipInput() {}

  /** Extracts {@code zip} into {@code into}; problems with single entries are added to {@code errors}. */
  static void extract(Path zip, Path into, ArchiveLimits limits, List<String> errors) throws DicomFileException {
    Path root = into.toAbsolutePath().normalize();
    long total = 0;
    try (ZipFile zf = new ZipFile(zip.toFile())) {
      long archiveBytes = Files.size(zip);
      long byRatio = Math.max(1L << 20, archiveBytes * limits.maxRatio());
      long budget = Math.min(limits.maxTotalBytes(), byRatio);
      String bound = budget + " bytes in all (" + (byRatio <= limits.maxTotalBytes()
          ? limits.maxRatio() + " times the archive's " + archiveBytes + " bytes, or 1 MiB" : "the limit for one archive") + ")";
      if (zf.size() > limits.maxEntries()) { // before unpacking any: creating many files is itself the attack
        throw new DicomFileException(zip, "archive has " + zf.size() + " entries, more than " + limits.maxEntries() + "; refused");
      }
      for (var it = zf.entries(); it.hasMoreElements(); ) {
        ZipEntry e = it.nextElement();
        Path target = root.resolve(e.getName()).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          errors.add(zip + ": entry '" + e.getName() + "' escapes the archive's folder (zip slip); entry refused");
          continue;
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
          continue;
        }
        Files.createDirectories(target.getParent());
        total += copyBounded(zf, e, target, budget - total, bound, zip);
      }
    } catch (DicomFileException e) {
      throw e;
    } catch (IOException e) {
      throw new DicomFileException(zip, "not a readable zip archive (" + e.getMessage() + ")", e);
    }
  }

  private static long copyBounded(ZipFile zf, ZipEntry e, Path target, long left, String bound, Path zip) throws IOException {
    long declared = e.getSize(); // -1 when unknown
    long written = 0;
    byte[] buf = new byte[1 << 16];
    try (InputStream in = zf.getInputStream(e); OutputStream out = Files.newOutputStream(target)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        written += n;
        if (declared >= 0 && written > declared) {
          throw new DicomFileException(zip, "entry '" + e.getName() + "' unpacks to more than the " + declared
              + " bytes its header declares (zip bomb?); archive refused");
        }
        if (written > left) {
          throw new DicomFileException(zip, "entry '" + e.getName() + "' unpacks beyond " + bound + " (zip bomb?); archive refused");
        }
        out.write(buf, 0, n);
      }
    }
    return written;
  }
}
