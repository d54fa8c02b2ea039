package org.crossmodal.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where the top-level elements of a DICOM Part 10 file sit, so the mutator can damage one element
 * on purpose (its length, VR or value) instead of random bytes only. Reads the file meta group
 * (always explicit little endian), then the data set in its transfer syntax; walks over sequences of
 * undefined length; stops at Pixel Data. Deflated data sets are not walked (empty element list).
 */
final class DicomElements {
  /** One element: its tag, where it starts, where its value starts, its value length (-1 undefined) and VR. */
  record Element(int tag, int offset, int valueOffset, long length, String vr, boolean explicit, ByteOrder order) {
    boolean longForm() {
      return !explicit || LONG_VRS.contains(vr);
    }

    /** Where the length field sits. */
    int lengthOffset() {
      return longForm() ? valueOffset - 4 : valueOffset - 2;
    }

    int end() {
      return valueOffset + (int) Math.max(0, length);
    }
  }

  static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OW", "SQ", "UC", "UN", "UR", "UT", "OV", "SV", "UV");
  static final int PIXEL_DATA = 0x7FE00010;
  private static final long UNDEFINED = 0xFFFFFFFFL;

  final byte[] bytes;
  final List<Element> meta = new ArrayList<>();
  final List<Element> dataSet = new ArrayList<>();
  final String transferSyntax;
  /** Start of the data set (after the meta group). */
  final int dataSetOffset;

  DicomElements(byte[] bytes) {
    this.bytes = bytes;
    int pos = bytes.length >= 132 && new String(bytes, 128, 4, StandardCharsets.US_ASCII).equals("DICM") ? 132 : 0;
    String ts = "1.2.840.10008.1.2.1";
    while (pos + 8 <= bytes.length && tag(pos, ByteOrder.LITTLE_ENDIAN) >>> 16 == 2) {
      Element e = element(pos, true, ByteOrder.LITTLE_ENDIAN);
      meta.add(e);
      if (e.tag() == 0x00020010) ts = new String(bytes, e.valueOffset(), (int) e.length(), StandardCharsets.US_ASCII).replace("\0", "").strip();
      pos = e.end();
    }
    transferSyntax = ts;
    dataSetOffset = pos;
    if (ts.equals("1.2.840.10008.1.2.1.99")) return;
    boolean explicit = !ts.equals("1.2.840.10008.1.2");
    ByteOrder order = ts.equals("1.2.840.10008.1.2.2") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    try {
      while (pos + 8 <= bytes.length) {
        Element e = element(pos, explicit, order);
        dataSet.add(e);
        if (e.tag() == PIXEL_DATA) break;
        pos = e.length() < 0 ? skipUndefined(e.valueOffset(), explicit, order) : e.end();
      }
    } catch (RuntimeException e) {
      // a seed with something this walker does not understand: keep the elements found so far
    }
  }

  boolean explicit() {
    return !transferSyntax.equals("1.2.840.10008.1.2");
  }

  ByteOrder order() {
    return transferSyntax.equals("1.2.840.10008.1.2.2") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
  }

  Element find(int tag) {
    for (Element e : dataSet) if (e.tag() == tag) return e;
    return null;
  }

  private int tag(int pos, ByteOrder order) {
    ByteBuffer b = ByteBuffer.wrap(bytes, pos, 4).order(order);
    return (b.getShort() & 0xffff) << 16 | (b.getShort() & 0xffff);
  }

  private Element element(int pos, boolean explicit, ByteOrder order) {
    int tag = tag(pos, order);
    ByteBuffer b = ByteBuffer.wrap(bytes).order(order);
    boolean delimiter = tag >>> 16 == 0xFFFE;
    if (!explicit || delimiter) {
      long len = b.getInt(pos + 4) & 0xffffffffL;
      return new Element(tag, pos, pos + 8, len == UNDEFINED ? -1 : len, delimiter ? "" : "UN", false, order);
    }
    String vr = new String(bytes, pos + 4, 2, StandardCharsets.US_ASCII);
    if (LONG_VRS.contains(vr)) {
      long len = b.getInt(pos + 8) & 0xffffffffL;
      return new Element(tag, pos, pos + 12, len == UNDEFINED ? -1 : len, vr, true, order);
    }
    return new Element(tag, pos, pos + 8, b.getShort(pos + 6) & 0xffff, vr, true, order);
  }

  /** Position after the sequence delimiter of an undefined-length sequence whose items start at {@code pos}. */
  private int skipUndefined(int pos, boolean explicit, ByteOrder order) {
    while (pos + 8 <= bytes.length) {
      Element item = element(pos, explicit, order);
      if (item.tag() == 0xFFFEE0DD) return item.valueOffset();
      if (item.length() >= 0) {
        pos = item.end();
        continue;
      }
      pos = item.valueOffset();
      while (true) { // an item of undefined length: elements until the item delimiter
        Element e = element(pos, explicit, order);
        if (e.tag() == 0xFFFEE00D) {
          pos = e.valueOffset();
          break;
        }
        pos = e.length() < 0 ? skipUndefined(e.valueOffset(), explicit, order) : e.end();
      }
    }
    throw new IllegalStateException("sequence without delimiter");
  }
}
