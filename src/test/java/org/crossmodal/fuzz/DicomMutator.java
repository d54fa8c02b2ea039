package org.crossmodal.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Makes damaged DICOM files from real ones, reproducibly (one seed): truncations, byte flips, wrong
 * value lengths and VRs, absurd image attributes, missing pixel data, a Number of Frames that lies,
 * deeply nested sequences, undefined-length items without delimiters, a transfer syntax that lies;
 * plus archives (zip bombs, many entries, zip slip). Each file's name says which damage it carries.
 */
final class DicomMutator {
  enum Kind {
    TRUNCATE, FLIP, WRONG_LENGTH, WRONG_VR, IMAGE_ATTRIBUTE, FRAMES_LIE, NO_PIXEL_DATA, NESTED_SEQUENCE,
    UNTERMINATED_ITEM, TRANSFER_SYNTAX_LIE, HUGE_IMAGE
  }

  private static final int ROWS = 0x00280010, COLUMNS = 0x00280011, NUMBER_OF_FRAMES = 0x00280008;
  private static final int[] IMAGE_ATTRIBUTES = {ROWS, COLUMNS, 0x00280100 /* Bits Allocated */, 0x00280101 /* Bits Stored */,
      0x00280102 /* High Bit */, 0x00280002 /* Samples per Pixel */, 0x00280103 /* Pixel Representation */,
      0x00280006 /* Planar Configuration */};
  private static final int[] ATTRIBUTE_VALUES = {0, 1, 2, 3, 7, 12, 33, 64, 255, 4096, 32768, 65535};
  private static final String[] FRAME_VALUES = {"0", "-1", "2", "3", "11", "1000", "99999", "2147483647", "abc", "1e9", ""};
  private static final String[] VRS = {"OB", "OW", "SQ", "UN", "US", "UL", "FD", "AT", "UT", "ZZ", "\0\0"};
  private static final long[] LENGTHS = {0, 1, 3, 0xFFFF, 0x7FFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFF0L, 1 << 20, 1 << 30};
  private static final String[] TRANSFER_SYNTAXES = {"1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.2",
      "1.2.840.10008.1.2.5", "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90",
      "1.2.840.10008.1.2.1.99", "1.2.3.4.5.6"};
  private static final int[] DEPTHS = {64, 1_000, 10_000, 100_000};

  private final Random random;

  DicomMutator(long seed) {
    this.random = new Random(seed);
  }

  /** {@code perKind} files of every kind from each seed into {@code out}; returns their paths. */
  List<Path> mutate(List<Path> seeds, int perKind, Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> made = new ArrayList<>();
    for (Path seed : seeds) {
      byte[] original = Files.readAllBytes(seed);
      String stem = seed.getFileName().toString().replace(".dcm", "");
      for (Kind k : Kind.values()) {
        for (int i = 0; i < perKind; i++) {
          Path f = out.resolve(String.format("%04d-%s-%s.dcm", made.size(), stem, k.name().toLowerCase()));
          Files.write(f, mutate(original, k));
          made.add(f);
        }
      }
    }
    return made;
  }

  byte[] mutate(byte[] original, Kind kind) {
    DicomElements d = new DicomElements(original);
    return switch (kind) {
      case TRUNCATE -> Arrays.copyOf(original, 1 + random.nextInt(original.length - 1));
      case FLIP -> flip(original, d);
      case WRONG_LENGTH -> wrongLength(original, d);
      case WRONG_VR -> wrongVr(original, d);
      case IMAGE_ATTRIBUTE -> imageAttribute(original, d);
      case FRAMES_LIE -> setString(original, d, NUMBER_OF_FRAMES, "IS", pick(FRAME_VALUES));
      case NO_PIXEL_DATA -> noPixelData(original, d);
      case NESTED_SEQUENCE -> insert(original, d, 0x00081140, nested(d, DEPTHS[random.nextInt(DEPTHS.length)]));
      case UNTERMINATED_ITEM -> insert(original, d, 0x00081140, unterminated(d));
      case TRANSFER_SYNTAX_LIE -> transferSyntaxLie(original, d);
      case HUGE_IMAGE -> hugeImage(original);
    };
  }

  /** 65535 × 65535 pixels per frame, with 1 to 65535 frames (the pixel data stays as it was). */
  private byte[] hugeImage(byte[] original) {
    byte[] b = setUs(original, new DicomElements(original), ROWS, 65535);
    b = setUs(b, new DicomElements(b), COLUMNS, 65535);
    return setString(b, new DicomElements(b), NUMBER_OF_FRAMES, "IS", pick(new String[] {"1", "1000", "65535"}));
  }

  private byte[] flip(byte[] original, DicomElements d) {
    byte[] b = original.clone();
    DicomElements.Element pixels = d.find(DicomElements.PIXEL_DATA);
    int headerEnd = pixels == null ? b.length : pixels.valueOffset();
    int n = 1 + random.nextInt(8);
    for (int i = 0; i < n; i++) {
      // Mostly in the header, where a flip changes structure rather than a pixel value.
      int pos = random.nextInt(4) > 0 ? random.nextInt(headerEnd) : random.nextInt(b.length);
      b[pos] ^= (byte) (1 + random.nextInt(255));
    }
    return b;
  }

  private byte[] wrongLength(byte[] original, DicomElements d) {
    List<DicomElements.Element> all = new ArrayList<>(d.meta);
    all.addAll(d.dataSet);
    if (all.isEmpty()) return flip(original, d);
    DicomElements.Element e = all.get(random.nextInt(all.size()));
    byte[] b = original.clone();
    long len = random.nextBoolean() ? pick(LENGTHS) : Math.max(0, e.length()) + random.nextInt(64) - 32;
    ByteBuffer buf = ByteBuffer.wrap(b).order(e.order());
    if (e.longForm()) buf.putInt(e.lengthOffset(), (int) len);
    else buf.putShort(e.lengthOffset(), (short) len);
    return b;
  }

  private byte[] wrongVr(byte[] original, DicomElements d) {
    if (!d.explicit() || d.dataSet.isEmpty()) return wrongLength(original, d);
    DicomElements.Element e = d.dataSet.get(random.nextInt(d.dataSet.size()));
    byte[] b = original.clone();
    byte[] vr = pick(VRS).getBytes(StandardCharsets.ISO_8859_1);
    b[e.offset() + 4] = vr[0];
    b[e.offset() + 5] = vr[1];
    return b;
  }

  private byte[] imageAttribute(byte[] original, DicomElements d) {
    int tag = IMAGE_ATTRIBUTES[random.nextInt(IMAGE_ATTRIBUTES.length)];
    int value = random.nextInt(3) == 0 ? random.nextInt(65536) : ATTRIBUTE_VALUES[random.nextInt(ATTRIBUTE_VALUES.length)];
    return setUs(original, d, tag, value);
  }

  private byte[] noPixelData(byte[] original, DicomElements d) {
    DicomElements.Element e = d.find(DicomElements.PIXEL_DATA);
    if (e == null) return Arrays.copyOf(original, original.length / 2);
    return switch (random.nextInt(3)) {
      case 0 -> Arrays.copyOf(original, e.offset()); // cut before it
      case 1 -> Arrays.copyOf(original, e.valueOffset()); // the element's header, no value
      default -> { // another tag in its place
        byte[] b = original.clone();
        ByteBuffer.wrap(b).order(e.order()).putShort(e.offset() + 2, (short) 0x0011);
        yield b;
      }
    };
  }

  private byte[] transferSyntaxLie(byte[] original, DicomElements d) {
    for (DicomElements.Element e : d.meta) {
      if (e.tag() != 0x00020010) continue;
      String uid = pick(TRANSFER_SYNTAXES);
      byte[] v = padded(uid, (byte) 0);
      // Half keep the file meta group length as it was (now wrong), half are otherwise consistent.
      byte[] b = splice(original, e.offset(), e.end() - e.offset(), element(e.tag(), "UI", v, true, ByteOrder.LITTLE_ENDIAN));
      if (random.nextBoolean() && d.meta.get(0).tag() == 0x00020000) {
        DicomElements.Element gl = d.meta.get(0);
        ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(gl.valueOffset(), buf.getInt(gl.valueOffset()) + v.length - (int) e.length());
      }
      return b;
    }
    return flip(original, d);
  }

  /** Sets a US attribute to {@code value}, replacing or inserting the element. */
  private byte[] setUs(byte[] original, DicomElements d, int tag, int value) {
    byte[] v = ByteBuffer.allocate(2).order(d.order()).putShort((short) value).array();
    return replaceOrInsert(original, d, tag, element(tag, "US", v, d.explicit(), d.order()));
  }

  private byte[] setString(byte[] original, DicomElements d, int tag, String vr, String value) {
    return replaceOrInsert(original, d, tag, element(tag, vr, padded(value, (byte) ' '), d.explicit(), d.order()));
  }

  private byte[] replaceOrInsert(byte[] original, DicomElements d, int tag, byte[] encoded) {
    DicomElements.Element e = d.find(tag);
    if (e != null && e.length() >= 0) return splice(original, e.offset(), e.end() - e.offset(), encoded);
    return insert(original, d, tag, encoded);
  }

  /** Inserts an element before the first data set element with a larger tag (or before Pixel Data). */
  private static byte[] insert(byte[] original, DicomElements d, int tag, byte[] encoded) {
    int at = d.dataSetOffset;
    for (DicomElements.Element e : d.dataSet) {
      at = e.offset();
      if (Integer.compareUnsigned(e.tag(), tag) > 0) break;
      at = e.end();
    }
    return splice(original, Math.min(at, original.length), 0, encoded);
  }

  /** A sequence nested {@code depth} levels deep, all of undefined length and properly delimited. */
  private static byte[] nested(DicomElements d, int depth) {
    ByteBuffer b = ByteBuffer.allocate(depth * 40 + 64).order(d.order());
    for (int i = 0; i < depth; i++) {
      b.put(header(0x00081140, "SQ", -1, d.explicit(), d.order()));
      b.put(header(0xFFFEE000, null, -1, false, d.order()));
    }
    for (int i = 0; i < depth; i++) {
      b.put(header(0xFFFEE00D, null, 0, false, d.order()));
      b.put(header(0xFFFEE0DD, null, 0, false, d.order()));
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** A sequence and items of undefined length with no delimiters: the rest of the file falls inside them. */
  private byte[] unterminated(DicomElements d) {
    ByteBuffer b = ByteBuffer.allocate(256).order(d.order());
    int levels = 1 + random.nextInt(3);
    for (int i = 0; i < levels; i++) {
      b.put(header(0x00081140, "SQ", -1, d.explicit(), d.order()));
      // some items have a defined length larger than what follows
      b.put(header(0xFFFEE000, null, random.nextBoolean() ? -1 : 1 << 24, false, d.order()));
      b.put(element(0x00081150, "UI", padded("1.2.840.10008.5.1.4.1.1.4", (byte) 0), d.explicit(), d.order()));
    }
    return Arrays.copyOf(b.array(), b.position());
  }

  /** Two archives that unpack far beyond their size, one with too many entries, one with escaping names. */
  List<Path> archives(Path out, Path dicom) throws IOException {
    Files.createDirectories(out);
    byte[] content = Files.readAllBytes(dicom);
    List<Path> made = new ArrayList<>();
    Path bomb = out.resolve("bomb-ratio.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(bomb))) {
      z.putNextEntry(new ZipEntry("IM0001"));
      z.write(content);
      z.putNextEntry(new ZipEntry("IM0002"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 256; i++) z.write(zeros); // 256 MiB in ≈ 256 KiB
    }
    made.add(bomb);
    Path nested = out.resolve("bomb-nested.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(nested))) {
      for (int i = 0; i < 16; i++) {
        z.putNextEntry(new ZipEntry("inner" + i + ".zip"));
        z.write(Files.readAllBytes(bomb));
      }
    }
    made.add(nested);
    Path many = out.resolve("bomb-entries.zip");
    try (ZipOutputStream z = new ZipOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(many)))) {
      z.setMethod(ZipOutputStream.STORED); // empty stored entries: no deflater per entry, so this takes a second
      for (int i = 0; i <= 200_000; i++) {
        ZipEntry e = new ZipEntry("e" + i);
        e.setSize(0);
        e.setCrc(0);
        z.putNextEntry(e);
      }
    }
    made.add(many);
    Path slip = out.resolve("slip.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(slip))) {
      for (String name : List.of("../escaped-1.dcm", "../../../../../../tmp/crossmodal-escaped-2.dcm", "/tmp/crossmodal-escaped-3.dcm",
          "a/../../escaped-4.dcm", "a/b/../../../escaped-5.dcm", "ok/IM0001")) {
        z.putNextEntry(new ZipEntry(name));
        z.write(content);
      }
    }
    made.add(slip);
    return made;
  }

  /**
   * DICOMDIRs next to the real media's folders (linked, not copied): byte-level damage of the index,
   * plus records made by pydicom that point outside the media, at the index itself, or in a loop.
   */
  List<Path> dicomdirs(Path out, Path media) throws IOException, InterruptedException {
    List<Path> made = new ArrayList<>();
    byte[] original = Files.readAllBytes(media.resolve("DICOMDIR"));
    Kind[] kinds = {Kind.TRUNCATE, Kind.FLIP, Kind.WRONG_LENGTH, Kind.WRONG_VR};
    for (int i = 0; i < 12; i++) {
      Kind k = kinds[i % kinds.length];
      made.add(Files.write(mediaCopy(out.resolve("dicomdir-" + i + "-" + k.name().toLowerCase()), media), mutate(original, k)));
    }
    // Replacement file IDs keep the original's padded length, so the records' byte offsets stay right.
    String script = "import pydicom,sys\n"
        + "src,out,kind=sys.argv[1:4]; d=pydicom.dcmread(src); s=d.DirectoryRecordSequence\n"
        + "img=[r for r in s if r.DirectoryRecordType=='IMAGE']\n"
        + "if kind=='outside': img[0].ReferencedFileID=['..','..','..','..','..','tmp']\n"
        + "if kind=='parent': img[1].ReferencedFileID=['..','..','MR_small.dc']\n"
        + "if kind=='itself': img[0].ReferencedFileID=['.','.','.','.','.','DICOMDIR']\n"
        + "if kind=='folder': img[0].ReferencedFileID=['77654033','CR1','..','.']\n"
        + "if kind=='next-loop': s[0].OffsetOfTheNextDirectoryRecord=s[0].seq_item_tell\n"
        + "if kind=='child-loop': s[0].OffsetOfReferencedLowerLevelDirectoryEntity=s[0].seq_item_tell\n"
        + "if kind=='root-loop': s[2].OffsetOfTheNextDirectoryRecord=d.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity\n"
        + "d.save_as(out)\n";
    for (String kind : List.of("outside", "parent", "itself", "folder", "next-loop", "child-loop", "root-loop")) {
      Path dicomdir = mediaCopy(out.resolve("dicomdir-" + kind), media);
      org.crossmodal.testutil.Tools.python(script, media.resolve("DICOMDIR").toString(), dicomdir.toString(), kind);
      made.add(dicomdir);
    }
    return made;
  }

  /** A folder whose subfolders link to the media's, with the path its DICOMDIR will have. */
  private static Path mediaCopy(Path folder, Path media) throws IOException {
    Files.createDirectories(folder);
    try (var s = Files.list(media)) {
      for (Path p : s.filter(Files::isDirectory).toList()) Files.createSymbolicLink(folder.resolve(p.getFileName()), p);
    }
    return folder.resolve("DICOMDIR");
  }

  static byte[] element(int tag, String vr, byte[] value, boolean explicit, ByteOrder order) {
    byte[] h = header(tag, vr, value.length, explicit, order);
    byte[] out = Arrays.copyOf(h, h.length + value.length);
    System.arraycopy(value, 0, out, h.length, value.length);
    return out;
  }

  /** An element header; {@code length} -1 is undefined length. Delimiters and items take no VR. */
  private static byte[] header(int tag, String vr, int length, boolean explicit, ByteOrder order) {
    boolean item = tag >>> 16 == 0xFFFE;
    boolean longForm = !explicit || item || DicomElements.LONG_VRS.contains(vr);
    ByteBuffer b = ByteBuffer.allocate(explicit && !item && longForm ? 12 : 8).order(order);
    b.putShort((short) (tag >>> 16)).putShort((short) tag);
    if (explicit && !item) b.put(vr.getBytes(StandardCharsets.US_ASCII));
    if (explicit && !item && longForm) b.putShort((short) 0);
    if (longForm) b.putInt(length);
    else b.putShort((short) length);
    return b.array();
  }

  private static byte[] padded(String s, byte pad) {
    byte[] v = s.getBytes(StandardCharsets.ISO_8859_1);
    if (v.length % 2 == 0) return v;
    v = Arrays.copyOf(v, v.length + 1);
    v[v.length - 1] = pad;
    return v;
  }

  private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
    byte[] out = new byte[b.length - remove + insert.length];
    System.arraycopy(b, 0, out, 0, at);
    System.arraycopy(insert, 0, out, at, insert.length);
    System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
    return out;
  }

  private <T> T pick(T[] options) {
    return options[random.nextInt(options.length)];
  }

  private long pick(long[] options) {
    return options[random.nextInt(options.length)];
  }
}
