package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.AttributeTag;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherByteAttributeMultipleCompressedFrames;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.SequenceAttribute;
import com.pixelmed.dicom.SequenceItem;
import com.pixelmed.dicom.TagFromName;
import com.pixelmed.display.SourceImage;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@link DicomBackend} on PixelMed (Debian's libpixelmed-java) plus jai-imageio for JPEG 2000. */
public final class PixelMedBackend implements DicomBackend {
  static final PixelMedBackend INSTANCE = new PixelMedBackend();

  // PixelMed logs through SLF4J. The command line's binding turns it off (simplelogger.properties);
  // where SLF4J ends in java.util.logging (slf4j-jdk14, as PixelMed's Debian jar suggests, or a host
  // application's choice) this level does. Its per-element warnings would flood the console and
  // could quote attribute values. Our own errors carry the reason instead. Kept in a field so the
  // logger (and its level) is not garbage collected.
  private static final Logger PIXELMED_LOG = Logger.getLogger("com.pixelmed");

  static {
    PIXELMED_LOG.setLevel(Level.OFF);
  }

  private static final AttributeTag PIXEL_DATA = TagFromName.PixelData;

  private PixelMedBackend() {}

  @Override
  public InstanceHeader readHeader(Path file) throws DicomFileException {
    AttributeList list = read(file, false);
    return header(file, list);
  }

  /** The attributes up to the pixel data, read as for a header: for objects that copy a source's patient and study. */
  static AttributeList attributes(Path file) throws DicomFileException {
    return read(file, false);
  }

  @Override
  public DecodedInstance decode(Path file) throws DicomFileException {
    InstanceHeader h = readHeader(file);
    if (!h.hasPixelData()) throw new DicomFileException(file, "no pixel data (not an image)");
    if (h.pixelProblem() != null) {
      if (!TransferSyntaxes.decodable(h.transferSyntaxUid(), h.bitsStored())) {
        throw new UnsupportedTransferSyntaxException(file, h.transferSyntaxUid());
      }
      throw DicomFileException.ofMessage(h.pixelProblem(), file);
    }
    AttributeList list = read(file, true);
    try {
      eightBitWordsToBytes(list, h);
      SourceImage si = new SourceImage(list);
      int n = si.getNumberOfBufferedImages();
      if (n < h.frames()) throw new DicomFileException(file, "decoder returned " + n + " of " + h.frames() + " frames");
      int w = h.columns(), ht = h.rows();
      boolean palette = "PALETTE COLOR".equals(h.photometricInterpretation());
      int[][] lut = palette ? paletteLut(file, list) : null;
      boolean colour = palette || h.samplesPerPixel() == 3;
      double slope = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleSlope, 1.0);
      double intercept = Attribute.getSingleDoubleValueOrDefault(list, TagFromName.RescaleIntercept, 0.0);
      if (slope == 0) slope = 1;
      float[][] grey = new float[h.frames()][];
      int[][] rgb = colour ? new int[h.frames()][] : null;
      for (int f = 0; f < h.frames(); f++) {
        BufferedImage bi = si.getBufferedImage(f);
        if (bi == null || bi.getWidth() != w || bi.getHeight() != ht) {
          throw new DicomFileException(file, "frame " + (f + 1) + " could not be decoded");
        }
        Raster r = bi.getRaster();
        if (colour) {
          rgb[f] = palette ? applyPalette(r, lut) : packRgb(r);
          if (nativeYbr(h)) ybrFullToRgb(rgb[f]);
          grey[f] = luminance(rgb[f]);
        } else {
          grey[f] = greyValues(r, si.isSigned(), h.bitsStored(), "MONOCHROME1".equals(h.photometricInterpretation()), slope, intercept);
        }
      }
      return new DecodedInstance(w, ht, grey, rgb);
    } catch (DicomException | RuntimeException e) {
      throw new DicomFileException(file, "pixel data could not be decoded (" + e.getMessage() + ")", e);
    }
  }

  /**
   * 8-bit native pixel data sent with VR OW: PixelMed's SourceImage drops the last byte of an odd
   * count (seen on a 3x3 RGB image), so hand it the bytes as OB in their file order instead.
   */
  private static void eightBitWordsToBytes(AttributeList list, InstanceHeader h) throws DicomException {
    Attribute pd = list.getPixelData();
    if (h.bitsAllocated() != 8 || !(pd instanceof OtherWordAttribute)) return;
    short[] words = pd.getShortValues();
    boolean bigEndian = "1.2.840.10008.1.2.2".equals(h.transferSyntaxUid());
    byte[] bytes = new byte[words.length * 2];
    for (int i = 0; i < words.length; i++) {
      byte lo = (byte) words[i], hi = (byte) (words[i] >> 8);
      bytes[2 * i] = bigEndian ? hi : lo;
      bytes[2 * i + 1] = bigEndian ? lo : hi;
    }
    Attribute ob = new OtherByteAttribute(TagFromName.PixelData);
    ob.setValues(bytes);
    list.put(ob);
  }

  private static AttributeList read(Path file, boolean decompress) throws DicomFileException {
    checkLooksLikeDicom(file);
    AttributeList list = new AttributeList();
    list.setDecompressPixelData(decompress);
    FrameCountCheck frames = new FrameCountCheck(file);
    try {
      // Stop right after Pixel Data: trailing padding or garbage must not be parsed (or logged).
      list.read(file.toFile(), (l, tag, offset) -> l.containsKey(PIXEL_DATA) || frames.impossible(l, tag, offset));
    } catch (StackOverflowError e) {
      // PixelMed reads nested sequences recursively; a hostile nesting depth must not end the scan.
      throw new DicomFileException(file, "not readable as DICOM (sequences nested too deeply)");
    } catch (DicomException | IOException | RuntimeException e) {
      if (!decompress && list.containsKey(TagFromName.SOPInstanceUID) && !list.containsKey(PIXEL_DATA)) {
        return list; // header is readable; the missing/truncated pixel data is reported by header()
      }
      String uid = Attribute.getSingleStringValueOrEmptyString(list, TagFromName.TransferSyntaxUID);
      if (decompress && !uid.isEmpty() && !TransferSyntaxes.decodable(uid,
          Attribute.getSingleIntegerValueOrDefault(list, TagFromName.BitsStored, 8))) {
        throw new UnsupportedTransferSyntaxException(file, uid);
      }
      throw new DicomFileException(file, "not readable as DICOM (" + oneLine(e) + ")", e);
    } catch (OutOfMemoryError e) {
      throw new DicomFileException(file, "too large to read (out of memory)");
    }
    if (frames.problem != null) throw new DicomFileException(file, frames.problem);
    return list;
  }

  /**
   * Stops reading before encapsulated Pixel Data whose Number of Frames cannot fit in the rest of the
   * file (every frame needs at least an 8-byte item header): PixelMed sizes its frame table by that
   * number, and a lying header would otherwise allocate gigabytes.
   */
  private static final class FrameCountCheck {
    private final Path file;
    private long size = -1;
    String problem;

    FrameCountCheck(Path file) {
      this.file = file;
    }

    boolean impossible(AttributeList l, AttributeTag tag, long offset) {
      if (!tag.equals(PIXEL_DATA)) return false;
      String ts = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.TransferSyntaxUID);
      if (!TransferSyntaxes.encapsulated(ts)) return false;
      long frames = Attribute.getSingleLongValueOrDefault(l, TagFromName.NumberOfFrames, 1);
      long left = fileSize() - offset;
      if (frames <= Math.max(1, left / 8)) return false;
      problem = "Number of Frames " + frames + " cannot fit in the " + left + " bytes of pixel data left in the file";
      return true;
    }

    private long fileSize() {
      if (size < 0) size = file.toFile().length();
      return size;
    }
  }

  /** Files with a DICM preamble, or without one but starting with a group 0x0002/0x0008 tag (old PACS exports). */
  private static void checkLooksLikeDicom(Path file) throws DicomFileException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(132);
    } catch (IOException e) {
      throw new DicomFileException(file, "cannot be read (" + e.getMessage() + ")", e);
    }
    if (head.length == 0) throw new DicomFileException(file, "empty file");
    boolean preamble = head.length == 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
    boolean bareGroup = head.length >= 8 && head[1] == 0 && (head[0] == 2 || head[0] == 8);
    if (!preamble && !bareGroup) throw new DicomFileException(file, DicomFileException.NOT_DICOM + " (no DICM preamble)");
  }

  private static InstanceHeader header(Path file, AttributeList l) throws DicomFileException {
    String sop = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPInstanceUID);
    if (sop.isEmpty()) throw new DicomFileException(file, "no SOP Instance UID (not a DICOM instance)");
    int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
    int cols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
    int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1));
    int spp = Math.max(1, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.SamplesPerPixel, 1));
    int bitsAllocated = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsAllocated, 0);
    int bitsStored = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsStored, bitsAllocated);
    String ts = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.TransferSyntaxUID);
    Attribute pd = l.get(PIXEL_DATA);
    boolean hasPixels = pd != null || l.containsKey(TagFromName.Rows);
    String photometric = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PhotometricInterpretation);
    String problem = hasPixels
        ? pixelProblem(file, pd, ts, rows, cols, frames, spp, bitsAllocated, bitsStored, "PALETTE COLOR".equals(photometric),
            "YBR_FULL_422".equals(photometric))
        : null;
    int mosaic = Mosaic.imagesInMosaic(l);
    if (problem == null && mosaic != 0 && (mosaic < 0 || Mosaic.gridSize(mosaic) > Math.min(rows, cols))) {
      problem = "a mosaic of " + mosaic + " images does not fit a " + cols + "x" + rows + " frame";
    }
    if (problem != null && !problem.startsWith("unsupported transfer syntax")) problem = file + ": " + problem;
    return new InstanceHeader(file,
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.StudyInstanceUID),
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SeriesInstanceUID),
        sop,
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SOPClassUID),
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.Modality),
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.SeriesDescription),
        rows, cols, frames, spp, bitsAllocated, bitsStored, ts,
        photometric,
        Attribute.getSingleIntegerValueOrDefault(l, TagFromName.InstanceNumber, 0),
        doubles(l, TagFromName.ImagePositionPatient),
        doubles(l, TagFromName.ImageOrientationPatient),
        doubles(l, TagFromName.PixelSpacing),
        Attribute.getSingleDoubleValueOrDefault(l, TagFromName.SliceThickness, Double.NaN),
        frameTime(l),
        mosaic,
        regions(l),
        hasPixels,
        problem,
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.BodyPartExamined).trim(),
        StudyContext.legacy(Attribute.getSingleStringValueOrEmptyString(l, TagFromName.StudyDate)),
        Attribute.getSingleStringValueOrEmptyString(l, TagFromName.StudyDescription).trim());
  }

  private static String pixelProblem(Path file, Attribute pd, String ts, int rows, int cols, int frames, int spp,
      int bitsAllocated, int bitsStored, boolean palette, boolean ybr422) {
    if (rows <= 0 || cols <= 0) return "absurd dimensions " + cols + "x" + rows;
    if (bitsAllocated != 1 && bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32) {
      return "unsupported Bits Allocated " + bitsAllocated;
    }
    if (spp != 1 && spp != 3) return "unsupported Samples per Pixel " + spp;
    long expected = bitsAllocated == 1
        ? ((long) rows * cols * frames + 7) / 8
        : (long) rows * cols * frames * spp * (bitsAllocated / 8);
    // Uncompressed YBR_FULL_422 stores two luma and one pair of chroma samples per two pixels (PS3.3 C.7.6.3.1.2).
    if (ybr422 && spp == 3 && !TransferSyntaxes.encapsulated(ts)) expected = (long) rows * cols * frames * 2 * (bitsAllocated / 8);
    String tooLarge = ResourceLimits.current().instanceProblem(rows, cols, frames,
        bitsAllocated == 1 ? 1 / 8.0 : spp * bitsAllocated / 8.0, palette || spp == 3);
    if (tooLarge != null) return tooLarge;
    if (!TransferSyntaxes.decodable(ts, bitsStored)) {
      return UnsupportedTransferSyntaxException.message(file, ts);
    }
    if (pd == null) return "pixel data missing or truncated";
    if (pd instanceof OtherByteAttributeMultipleCompressedFrames enc) {
      byte[][] fr = enc.getFrames();
      if (fr == null || fr.length < frames) {
        return "encapsulated pixel data holds " + (fr == null ? 0 : fr.length) + " of " + frames + " frames";
      }
      for (int i = 0; i < frames; i++) {
        if (fr[i] == null || fr[i].length == 0) return "encapsulated frame " + (i + 1) + " is empty";
      }
      return null;
    }
    long vl = pd.getVL() & 0xffffffffL;
    if (vl < expected) return "pixel data is " + vl + " bytes, expected " + expected + " (truncated)";
    return null;
  }

  private static double[] doubles(AttributeList l, AttributeTag tag) {
    double[] v = Attribute.getDoubleValues(l, tag);
    return v == null || v.length == 0 ? null : v;
  }

  private static double frameTime(AttributeList l) {
    double ft = Attribute.getSingleDoubleValueOrDefault(l, TagFromName.FrameTime, Double.NaN);
    if (Double.isNaN(ft)) {
      double rate = Attribute.getSingleDoubleValueOrDefault(l, new AttributeTag(0x0008, 0x2144) /* Recommended Display Frame Rate */, Double.NaN);
      if (rate > 0) ft = 1000.0 / rate;
    }
    return ft;
  }

  private static List<UltrasoundRegion> regions(AttributeList l) {
    Attribute a = l.get(TagFromName.SequenceOfUltrasoundRegions);
    if (!(a instanceof SequenceAttribute seq)) return List.of();
    List<UltrasoundRegion> out = new ArrayList<>();
    for (var it = seq.iterator(); it.hasNext(); ) {
      AttributeList r = ((SequenceItem) it.next()).getAttributeList();
      out.add(new UltrasoundRegion(
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionLocationMinX0, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionLocationMinY0, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionLocationMaxX1, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionLocationMaxY1, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionSpatialFormat, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.RegionDataType, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.PhysicalUnitsXDirection, 0),
          Attribute.getSingleIntegerValueOrDefault(r, TagFromName.PhysicalUnitsYDirection, 0),
          Attribute.getSingleDoubleValueOrDefault(r, TagFromName.PhysicalDeltaX, 0),
          Attribute.getSingleDoubleValueOrDefault(r, TagFromName.PhysicalDeltaY, 0)));
    }
    return List.copyOf(out);
  }

  /**
   * Rescaled grey values, brighter meaning more signal. MONOCHROME1 stores the opposite (its minimum is
   * shown white), so its stored values are mirrored within the Bits Stored range first: every
   * display, training and inference path sees the image the way round a viewer shows it.
   */
  private static float[] greyValues(Raster r, boolean signed, int bitsStored, boolean monochrome1, double slope, double intercept) {
    int w = r.getWidth(), h = r.getHeight();
    int[] s = r.getSamples(0, 0, w, h, 0, (int[]) null);
    boolean shortData = r.getDataBuffer().getDataType() == DataBuffer.TYPE_USHORT
        || r.getDataBuffer().getDataType() == DataBuffer.TYPE_SHORT;
    float[] out = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      int v = s[i];
      if (signed && shortData) v = (short) v;
      if (monochrome1) v = mirrored(v, signed, bitsStored);
      out[i] = (float) (v * slope + intercept);
    }
    return out;
  }

  /** {@code v} mirrored in the range Bits Stored allows: max - v + min (unsigned 0..2^n-1, signed -2^(n-1)..2^(n-1)-1). */
  static int mirrored(int v, boolean signed, int bitsStored) {
    int n = Math.max(1, Math.min(bitsStored, 31));
    return signed ? -1 - v : (int) ((1L << n) - 1 - v);
  }

  private static int[] packRgb(Raster r) {
    int w = r.getWidth(), h = r.getHeight();
    int[] R = r.getSamples(0, 0, w, h, 0, (int[]) null);
    int[] G = r.getSamples(0, 0, w, h, 1, (int[]) null);
    int[] B = r.getSamples(0, 0, w, h, 2, (int[]) null);
    int shift = r.getSampleModel().getSampleSize(0) > 8 ? r.getSampleModel().getSampleSize(0) - 8 : 0;
    int[] out = new int[R.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((R[i] >> shift) & 0xff) << 16 | ((G[i] >> shift) & 0xff) << 8 | ((B[i] >> shift) & 0xff);
    }
    return out;
  }

  /**
   * Uncompressed YBR_FULL and YBR_FULL_422: PixelMed hands back the Y, Cb, Cr samples (4:2:2 already
   * widened to one chroma pair per pixel) as if they were R, G, B. Compressed streams come back as RGB
   * from their decoders.
   */
  private static boolean nativeYbr(InstanceHeader h) {
    String pi = h.photometricInterpretation();
    return h.samplesPerPixel() == 3 && ("YBR_FULL".equals(pi) || "YBR_FULL_422".equals(pi))
        && !TransferSyntaxes.encapsulated(h.transferSyntaxUid());
  }

  private static final float CB_TO_G = (float) (-0.114 * 1.772 / 0.587), CR_TO_G = (float) (-0.299 * 1.402 / 0.587);

  /** YBR_FULL to RGB in place, as PS3.3 C.7.6.3.1.2 defines it (8 bits, rounded, clipped to 0..255). */
  static void ybrFullToRgb(int[] packed) {
    for (int i = 0; i < packed.length; i++) {
      int p = packed[i];
      float y = p >> 16 & 0xff, cb = (p >> 8 & 0xff) - 128f, cr = (p & 0xff) - 128f;
      packed[i] = byteOf(y + cr * 1.402f) << 16 | byteOf(y + cb * CB_TO_G + cr * CR_TO_G) << 8 | byteOf(y + cb * 1.772f);
    }
  }

  private static int byteOf(float v) {
    return (int) Math.max(0, Math.min(255, Math.floor(v + 0.5f)));
  }

  /** The three 8-bit palette tables, indexed by stored value minus the first mapped value. */
  private static int[][] paletteLut(Path file, AttributeList l) throws DicomException, DicomFileException {
    AttributeTag[][] tags = {
        {TagFromName.RedPaletteColorLookupTableDescriptor, TagFromName.RedPaletteColorLookupTableData},
        {TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.GreenPaletteColorLookupTableData},
        {TagFromName.BluePaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableData}};
    int[][] lut = new int[4][];
    for (int c = 0; c < 3; c++) {
      int[] d = Attribute.getIntegerValues(l, tags[c][0]);
      Attribute data = l.get(tags[c][1]);
      if (d == null || d.length < 3 || data == null) throw new DicomFileException(file, "PALETTE COLOR without palette tables");
      int entries = d[0] == 0 ? 65536 : d[0];
      int bits = d[2];
      short[] words = data.getShortValues();
      int[] t = new int[entries];
      for (int i = 0; i < entries && i < words.length; i++) {
        int v = words[i] & 0xffff;
        t[i] = bits > 8 ? v >> 8 : v & 0xff;
      }
      lut[c] = t;
      if (c == 0) lut[3] = new int[] {d[1] & 0xffff};
    }
    return lut;
  }

  private static int[] applyPalette(Raster r, int[][] lut) {
    int w = r.getWidth(), h = r.getHeight();
    int[] idx = r.getSamples(0, 0, w, h, 0, (int[]) null);
    int first = lut[3][0], n = lut[0].length;
    int[] out = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      int k = Math.min(n - 1, Math.max(0, idx[i] - first));
      out[i] = lut[0][k] << 16 | lut[1][k] << 8 | lut[2][k];
    }
    return out;
  }

  /** The grey channel models see for colour images: ITU-R BT.601 luma (equal to the value where R=G=B). */
  static float[] luminance(int[] rgb) {
    float[] out = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      out[i] = 0.299f * (p >> 16 & 0xff) + 0.587f * (p >> 8 & 0xff) + 0.114f * (p & 0xff);
    }
    return out;
  }

  private static String oneLine(Throwable e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
