package org.crossmodal.dicom;

import java.util.Map;
import java.util.Set;

/** Names of transfer syntaxes and which of them the decoders available here can read. */
public final class TransferSyntaxes {
  private TransferSyntaxes() {}

  private static final Map<String, String> NAMES = Map.ofEntries(
      Map.entry("1.2.840.10008.1.2", "Implicit VR Little Endian"),
      Map.entry("1.2.840.10008.1.2.1", "Explicit VR Little Endian"),
      Map.entry("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian"),
      Map.entry("1.2.840.10008.1.2.2", "Explicit VR Big Endian"),
      Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
      Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)"),
      Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
      Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless, First-Order Prediction (Process 14, SV1)"),
      Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
      Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
      Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
      Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
      Map.entry("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Lossless"),
      Map.entry("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 RPCL Lossless"),
      Map.entry("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000"),
      Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"));

  /** Never decodable here: JPEG-LS and HTJ2K have no Java decoder on Central or in Debian; MPEG/HEVC are video. */
  private static final Set<String> NEVER = Set.of("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
      "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203");

  private static final Set<String> NATIVE = Set.of("1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99",
      "1.2.840.10008.1.2.2");

  /** Whether pixel data of this syntax is encapsulated: compressed frames in items, not raw samples. */
  public static boolean encapsulated(String uid) {
    return uid != null && !uid.isEmpty() && !NATIVE.contains(uid);
  }

  public static String name(String uid) {
    String n = NAMES.get(uid);
    if (n != null) return n;
    if (uid != null && uid.startsWith("1.2.840.10008.1.2.4.10")) return "MPEG/HEVC video";
    return "unknown transfer syntax";
  }

  /**
   * Whether pixel data of this syntax and bit depth can be decoded. Java's JPEG reader does lossy
   * JPEG only at 8 bits, so 12-bit Extended JPEG (.51) is refused.
   */
  public static boolean decodable(String uid, int bitsStored) {
    if (uid == null || uid.isEmpty()) return true; // no meta header: PixelMed assumes implicit little endian
    if (NEVER.contains(uid) || uid.startsWith("1.2.840.10008.1.2.4.10")) return false;
    if (uid.equals("1.2.840.10008.1.2.4.51") || uid.equals("1.2.840.10008.1.2.4.50")) return bitsStored <= 8;
    return NAMES.containsKey(uid);
  }
}
