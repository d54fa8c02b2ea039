package org.crossmodal.dicom;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Blanks every pixel outside an image area, in every frame, in the native pixel data of an
 * attribute list (PixelMed decompresses RLE, JPEG and JPEG 2000 when it reads a file; the result is
 * written uncompressed). Ultrasound machines burn names, IDs and dates into the image beside the
 * sector; blanking everything outside the imaging area removes them there. Text burned into the
 * sector itself is not found. "Blank" is black: 0 for MONOCHROME2 and RGB, the largest value for
 * MONOCHROME1, luminance 0 with neutral chroma for YBR_FULL, the darkest palette entry for PALETTE
 * COLOR. Other layouts are refused with a reason rather than exported unblanked.
 */
public final class PixelBlanker {
  /** An area smaller than this share of the image, or larger, is taken as not found. */
  static final double MIN_AREA = 0.01, MAX_AREA = 0.98;

  private PixelBlanker() {}

  /** Checks that {@code inside} looks like an imaging area; the reason it does not, or null. */
  public static String implausible(boolean[] inside) {
    if (inside == null) return "no imaging area is known";
    long n = 0;
    for (boolean b : inside) if (b) n++;
    double share = (double) n / Math.max(1, inside.length);
    if (share < MIN_AREA || share > MAX_AREA) {
      return String.format(Locale.ROOT, "the imaging area found covers %.1f %% of the image", 100 * share);
    }
    return null;
  }

  static void blankOutside(Path file, AttributeList l, boolean[] inside) throws DicomFileException, DicomException {
    int rows = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Rows, 0);
    int cols = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.Columns, 0);
    int frames = Math.max(1, Attribute.getSingleIntegerValueOrDefault(l, TagFromName.NumberOfFrames, 1));
    int samples = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.SamplesPerPixel, 1);
    int bits = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsAllocated, 0);
    int stored = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsStored, bits);
    boolean signed = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.PixelRepresentation, 0) == 1;
    boolean planar = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.PlanarConfiguration, 0) == 1;
    String photometric = Attribute.getSingleStringValueOrEmptyString(l, TagFromName.PhotometricInterpretation).trim();
    String why = "";
    if ((long) rows * cols != inside.length) why = "its " + cols + "x" + rows + " pixels do not match the imaging area's";
    else if (bits != 8 && bits != 16) why = bits + " bits allocated per sample";
    int[] black = black(l, photometric, samples, stored, signed);
    if (why.isEmpty() && black == null) why = "photometric interpretation " + photometric + " with " + samples + " samples";
    Attribute pixels = l.get(TagFromName.PixelData);
    if (why.isEmpty() && !(pixels != null && (pixels.getClass().getSimpleName().startsWith("OtherByteAttribute")
        || pixels.getClass().getSimpleName().startsWith("OtherWordAttribute"))
        && !pixels.getClass().getSimpleName().contains("Compressed"))) {
      why = "pixel data that is not native after decoding";
    }
    if (!why.isEmpty()) {
      throw new DicomFileException(file, "burned-in annotation cannot be blanked (" + why + "); refused for the de-identified export");
    }
    long perFrame = (long) rows * cols * samples;
    if (bits == 8) {
      byte[] v = pixels.getByteValues();
      if (v.length < perFrame * frames) throw new DicomFileException(file, "pixel data shorter than its frames; cannot be blanked");
      for (int f = 0; f < frames; f++) blank(f * perFrame, inside, samples, planar, black, (i, s) -> v[(int) i] = (byte) s);
      OtherByteAttribute a = new OtherByteAttribute(TagFromName.PixelData);
      a.setValues(v);
      l.put(a);
    } else {
      short[] v = pixels.getShortValues();
      if (v.length < perFrame * frames) throw new DicomFileException(file, "pixel data shorter than its frames; cannot be blanked");
      for (int f = 0; f < frames; f++) blank(f * perFrame, inside, samples, planar, black, (i, s) -> v[(int) i] = (short) s);
      OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
      a.setValues(v);
      l.put(a);
    }
  }

  private interface Setter {
    void set(long index, int value);
  }

  private static void blank(long base, boolean[] inside, int samples, boolean planar, int[] black, Setter out) {
    int n = inside.length;
    for (int i = 0; i < n; i++) {
      if (inside[i]) continue;
      for (int s = 0; s < samples; s++) out.set(base + (planar ? (long) s * n + i : (long) i * samples + s), black[s]);
    }
  }

  /** The stored sample values of black, or null for layouts not handled. */
  private static int[] black(AttributeList l, String photometric, int samples, int stored, boolean signed) {
    int max = (1 << Math.min(stored, 16)) - 1;
    switch (photometric) {
      case "MONOCHROME2":
        return samples == 1 ? new int[] {signed ? -(1 << (stored - 1)) : 0} : null;
      case "MONOCHROME1":
        return samples == 1 ? new int[] {signed ? (1 << (stored - 1)) - 1 : max} : null;
      case "RGB":
        return samples == 3 ? new int[] {0, 0, 0} : null;
      case "YBR_FULL":
        return samples == 3 ? new int[] {0, (max + 1) / 2, (max + 1) / 2} : null;
      case "PALETTE COLOR":
        return samples == 1 ? new int[] {darkestEntry(l)} : null;
      default:
        return null;
    }
  }

  /** The stored value whose palette colour is darkest (sum of red, green and blue). */
  private static int darkestEntry(AttributeList l) {
    try {
      int[] desc = l.get(TagFromName.RedPaletteColorLookupTableDescriptor).getIntegerValues();
      int entries = desc[0] == 0 ? 65536 : desc[0], first = desc[1];
      int[] r = lut(l.get(TagFromName.RedPaletteColorLookupTableData)), g = lut(l.get(TagFromName.GreenPaletteColorLookupTableData)),
          b = lut(l.get(TagFromName.BluePaletteColorLookupTableData));
      int best = 0;
      long bestSum = Long.MAX_VALUE;
      for (int i = 0; i < Math.min(entries, Math.min(r.length, Math.min(g.length, b.length))); i++) {
        long sum = (long) r[i] + g[i] + b[i];
        if (sum < bestSum) {
          bestSum = sum;
          best = i;
        }
      }
      return first + best;
    } catch (DicomException | RuntimeException e) {
      return 0; // no readable palette: the first index
    }
  }

  private static int[] lut(Attribute a) throws DicomException {
    short[] s = a.getShortValues();
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) out[i] = s[i] & 0xFFFF;
    return out;
  }
}
