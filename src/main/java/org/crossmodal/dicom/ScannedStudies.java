package org.crossmodal.dicom;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The result of a scan: the series listing, plus the temporary folders zips were unpacked into. */
public final class ScannedStudies implements AutoCloseable {
  private final List<SeriesInfo> series;
  private final List<Path> unpacked;

  ScannedStudies(List<SeriesInfo> series, List<Path> unpacked) {
    this.series = series;
    this.unpacked = unpacked;
  }

  /** Every series found, then one row per unreadable file. */
  public List<SeriesInfo> series() {
    return series;
  }

  /** The private folders zips were unpacked into (removed by {@link #close}); messages may name files in them. */
  public List<Path> unpackedFolders() {
    return unpacked;
  }

  public List<SeriesInfo> loadable() {
    return series.stream().filter(SeriesInfo::isLoadable).toList();
  }

  @Override
  public void close() {
    for (Path dir : unpacked) {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary folder that cannot be removed is left to the OS's tmp cleaning
      }
    }
  }
}
