package org.crossmodal.dicom;

/** Bounds on what one zip may unpack to, so a zip bomb is refused instead of filling the disk. */
public record ArchiveLimits(long maxTotalBytes, int maxEntries, long maxRatio) {
  public static ArchiveLimits defaults() {
    return new ArchiveLimits(8L << 30, 200_000, 200);
  }
}
