package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.OtherByteAttribute;
import com.pixelmed.dicom.OtherWordAttribute;
import com.pixelmed.dicom.TagFromName;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Blanking outside the imaging area on attribute lists built here, 2×2 pixels with the left
 * column inside: the black of each photometric interpretation and bit depth worked out by hand
 * from PS3.3 C.7.6.3, every frame and both sample layouts.
 */
class PixelBlankerTest {
  static final Path FILE = Path.of("planted.dcm");
  /** Pixels 0 and 2 (the left column) inside, 1 and 3 outside. */
  static final boolean[] LEFT = {true, false, true, false};

  static AttributeList list(String photometric, int samples, int bits, int stored, boolean signed, int frames) throws Exception {
    AttributeList l = new AttributeList();
    DicomAttributes.put(l, TagFromName.Rows, 2);
    DicomAttributes.put(l, TagFromName.Columns, 2);
    DicomAttributes.put(l, TagFromName.SamplesPerPixel, samples);
    DicomAttributes.put(l, TagFromName.BitsAllocated, bits);
    DicomAttributes.put(l, TagFromName.BitsStored, stored);
    DicomAttributes.put(l, TagFromName.PixelRepresentation, signed ? 1 : 0);
    DicomAttributes.put(l, TagFromName.PhotometricInterpretation, photometric);
    if (frames > 1) DicomAttributes.put(l, TagFromName.NumberOfFrames, frames);
    return l;
  }

  static byte[] bytes(AttributeList l, int n, int value) throws Exception {
    byte[] v = new byte[n];
    java.util.Arrays.fill(v, (byte) value);
    DicomAttributes.pixelData(l, v);
    return v;
  }

  static void words(AttributeList l, int n, int value) throws Exception {
    short[] v = new short[n];
    java.util.Arrays.fill(v, (short) value);
    OtherWordAttribute a = new OtherWordAttribute(TagFromName.PixelData);
    a.setValues(v);
    l.put(a);
  }

  static int[] byteValues(AttributeList l) throws Exception {
    byte[] b = l.get(TagFromName.PixelData).getByteValues();
    int[] out = new int[b.length];
    for (int i = 0; i < b.length; i++) out[i] = b[i] & 0xff;
    return out;
  }

  static int[] wordValues(AttributeList l) throws Exception {
    short[] s = l.get(TagFromName.PixelData).getShortValues();
    int[] out = new int[s.length];
    for (int i = 0; i < s.length; i++) out[i] = s[i];
    return out;
  }

  @Test
  void monochrome2IsBlankedToZeroInEveryFrame() throws Exception {
    AttributeList l = list("MONOCHROME2", 1, 8, 8, false, 3);
    bytes(l, 12, 200);
    PixelBlanker.blankOutside(FILE, l, LEFT);
    assertArrayEquals(new int[] {200, 0, 200, 0, 200, 0, 200, 0, 200, 0, 200, 0}, byteValues(l));
    assertInstanceOf(OtherByteAttribute.class, l.get(TagFromName.PixelData));
  }

  @Test
  void monochrome1IsBlankedToItsLargestStoredValue() throws Exception {
    AttributeList l = list("MONOCHROME1", 1, 8, 8, false, 1);
    bytes(l, 4, 7);
    PixelBlanker.blankOutside(FILE, l, LEFT);
    assertArrayEquals(new int[] {7, 255, 7, 255}, byteValues(l));
    // 16 bits allocated, 12 stored: white is 4095.
    AttributeList w = list("MONOCHROME1", 1, 16, 12, false, 2);
    words(w, 8, 100);
    PixelBlanker.blankOutside(FILE, w, LEFT);
    assertArrayEquals(new int[] {100, 4095, 100, 4095, 100, 4095, 100, 4095}, wordValues(w));
    assertInstanceOf(OtherWordAttribute.class, w.get(TagFromName.PixelData));
    // Signed 12 bits: the largest value is 2047.
    AttributeList s = list("MONOCHROME1", 1, 16, 12, true, 1);
    words(s, 4, -5);
    PixelBlanker.blankOutside(FILE, s, LEFT);
    assertArrayEquals(new int[] {-5, 2047, -5, 2047}, wordValues(s));
  }

  @Test
  void signedMonochrome2IsBlankedToItsSmallestStoredValue() throws Exception {
    AttributeList s = list("MONOCHROME2", 1, 16, 12, true, 1);
    words(s, 4, 300);
    PixelBlanker.blankOutside(FILE, s, LEFT);
    assertArrayEquals(new int[] {300, -2048, 300, -2048}, wordValues(s));
    AttributeList u = list("MONOCHROME2", 1, 16, 16, false, 1);
    words(u, 4, 300);
    PixelBlanker.blankOutside(FILE, u, LEFT);
    assertArrayEquals(new int[] {300, 0, 300, 0}, wordValues(u));
  }

  @Test
  void rgbAndYbrFullAreBlankedPerSampleInBothLayouts() throws Exception {
    // RGB, interleaved (R G B per pixel), two frames.
    AttributeList rgb = list("RGB", 3, 8, 8, false, 2);
    bytes(rgb, 24, 9);
    PixelBlanker.blankOutside(FILE, rgb, LEFT);
    int[] one = {9, 9, 9, 0, 0, 0, 9, 9, 9, 0, 0, 0};
    int[] two = new int[24];
    System.arraycopy(one, 0, two, 0, 12);
    System.arraycopy(one, 0, two, 12, 12);
    assertArrayEquals(two, byteValues(rgb));
    // YBR_FULL: black is Y 0 with neutral chroma 128, interleaved ...
    AttributeList ybr = list("YBR_FULL", 3, 8, 8, false, 1);
    bytes(ybr, 12, 9);
    PixelBlanker.blankOutside(FILE, ybr, LEFT);
    assertArrayEquals(new int[] {9, 9, 9, 0, 128, 128, 9, 9, 9, 0, 128, 128}, byteValues(ybr));
    // ... and planar (all Y, then all Cb, then all Cr).
    AttributeList planar = list("YBR_FULL", 3, 8, 8, false, 1);
    DicomAttributes.put(planar, TagFromName.PlanarConfiguration, 1);
    bytes(planar, 12, 9);
    PixelBlanker.blankOutside(FILE, planar, LEFT);
    assertArrayEquals(new int[] {9, 0, 9, 0, 9, 128, 9, 128, 9, 128, 9, 128}, byteValues(planar));
  }

  @Test
  void paletteColourIsBlankedToItsDarkestEntry() throws Exception {
    AttributeList l = list("PALETTE COLOR", 1, 8, 8, false, 1);
    // Four entries from stored value 10; entry 2 (stored 12) has the smallest red + green + blue.
    short[][] tables = {{(short) 0xff00, 0x5000, 0x0100, 0x0200}, {(short) 0xff00, 0x5000, 0x0100, 0x0000},
        {(short) 0xff00, 0x5000, 0x0000, 0x0200}};
    var descriptors = new com.pixelmed.dicom.AttributeTag[] {TagFromName.RedPaletteColorLookupTableDescriptor,
        TagFromName.GreenPaletteColorLookupTableDescriptor, TagFromName.BluePaletteColorLookupTableDescriptor};
    var data = new com.pixelmed.dicom.AttributeTag[] {TagFromName.RedPaletteColorLookupTableData,
        TagFromName.GreenPaletteColorLookupTableData, TagFromName.BluePaletteColorLookupTableData};
    for (int c = 0; c < 3; c++) {
      DicomAttributes.put(l, descriptors[c], "4\\10\\16");
      OtherWordAttribute t = new OtherWordAttribute(data[c]);
      t.setValues(tables[c]);
      l.put(t);
    }
    bytes(l, 4, 11);
    PixelBlanker.blankOutside(FILE, l, LEFT);
    assertArrayEquals(new int[] {11, 12, 11, 12}, byteValues(l));
    // Without readable tables: the first index.
    AttributeList bare = list("PALETTE COLOR", 1, 8, 8, false, 1);
    bytes(bare, 4, 11);
    PixelBlanker.blankOutside(FILE, bare, LEFT);
    assertArrayEquals(new int[] {11, 0, 11, 0}, byteValues(bare));
  }

  @Test
  void layoutsItCannotBlankAreRefusedWithTheReason() throws Exception {
    assertRefused(list("MONOCHROME2", 1, 8, 8, false, 1), 4, "do not match the imaging area", new boolean[] {true, false, true});
    assertRefused(list("MONOCHROME2", 1, 32, 32, false, 1), 4, "32 bits allocated", LEFT);
    assertRefused(list("YBR_FULL_422", 3, 8, 8, false, 1), 12, "photometric interpretation YBR_FULL_422", LEFT);
    assertRefused(list("RGB", 1, 8, 8, false, 1), 4, "photometric interpretation RGB with 1 samples", LEFT);
    assertRefused(list("MONOCHROME2", 3, 8, 8, false, 1), 12, "MONOCHROME2 with 3 samples", LEFT);
    assertRefused(list("MONOCHROME1", 3, 8, 8, false, 1), 12, "MONOCHROME1 with 3 samples", LEFT);
    assertRefused(list("YBR_FULL", 1, 8, 8, false, 1), 4, "YBR_FULL with 1 samples", LEFT);
    assertRefused(list("PALETTE COLOR", 3, 8, 8, false, 1), 12, "PALETTE COLOR with 3 samples", LEFT);
    // Fewer bytes than the frames need: refused, in either bit depth.
    AttributeList shortBytes = list("MONOCHROME2", 1, 8, 8, false, 2);
    bytes(shortBytes, 6, 1);
    DicomFileException e = assertThrows(DicomFileException.class, () -> PixelBlanker.blankOutside(FILE, shortBytes, LEFT));
    assertTrue(e.getMessage().contains("shorter than its frames"), e.getMessage());
    AttributeList shortWords = list("MONOCHROME2", 1, 16, 16, false, 2);
    words(shortWords, 6, 1);
    assertThrows(DicomFileException.class, () -> PixelBlanker.blankOutside(FILE, shortWords, LEFT));
    // No pixel data at all.
    AttributeList none = list("MONOCHROME2", 1, 8, 8, false, 1);
    e = assertThrows(DicomFileException.class, () -> PixelBlanker.blankOutside(FILE, none, LEFT));
    assertTrue(e.getMessage().contains("not native"), e.getMessage());
  }

  private static void assertRefused(AttributeList l, int values, String reason, boolean[] inside) throws Exception {
    int bits = Attribute.getSingleIntegerValueOrDefault(l, TagFromName.BitsAllocated, 8);
    if (bits == 8) bytes(l, values, 1);
    else bytes(l, values * bits / 8, 1);
    DicomFileException e = assertThrows(DicomFileException.class, () -> PixelBlanker.blankOutside(FILE, l, inside));
    assertTrue(e.getMessage().contains(reason) && e.getMessage().contains("refused for the de-identified export")
        && e.getMessage().contains("planted.dcm"), e.getMessage());
  }

  @Test
  void anImagingAreaIsPlausibleBetweenOneAndNinetyEightPercent() {
    assertEquals("no imaging area is known", PixelBlanker.implausible(null));
    assertNull(PixelBlanker.implausible(area(1000, 10)));   // 1 %
    assertNull(PixelBlanker.implausible(area(1000, 980)));  // 98 %
    assertEquals("the imaging area found covers 0.9 % of the image", PixelBlanker.implausible(area(1000, 9)));
    assertEquals("the imaging area found covers 98.1 % of the image", PixelBlanker.implausible(area(1000, 981)));
    assertEquals("the imaging area found covers 0.0 % of the image", PixelBlanker.implausible(new boolean[0]));
  }

  private static boolean[] area(int n, int inside) {
    boolean[] b = new boolean[n];
    for (int i = 0; i < inside; i++) b[i] = true;
    return b;
  }
}
