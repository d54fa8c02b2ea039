package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PixelMed backend on tiny instances pydicom writes here (3×2 pixels): header facts, rescaling
 * and MONOCHROME1 with every expected grey value worked out by hand, and each pixel problem the
 * header reports, with its reason.
 */
class HandMadeInstancesTest {
  @TempDir static Path tmp;

  /**
   * Writes one instance per argument "NAME|SETTING|SETTING..." into the folder argv[1]: a 3×2,
   * 16-bit, 12-bit-stored MONOCHROME2 image with stored values 0 1 100 4095 2048 7, changed by each
   * SETTING: ATTRIBUTE=VALUE (a Python expression; None drops the attribute) or !STATEMENT (run
   * with the data set as d). One python run for all files: starting python is slow.
   */
  static final String MAKE = """
      import os, sys, numpy as np, pydicom
      from pydicom.dataset import Dataset, FileMetaDataset
      from pydicom.sequence import Sequence
      for job in sys.argv[2:]:
          name, *settings = job.split('|')
          meta = FileMetaDataset(); meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.7'
          meta.MediaStorageSOPInstanceUID = '1.2.826.0.1.3680043.10.999.3'; meta.TransferSyntaxUID = '1.2.840.10008.1.2.1'
          d = Dataset(); d.file_meta = meta; d.is_little_endian = True; d.is_implicit_VR = False
          d.SOPClassUID = meta.MediaStorageSOPClassUID; d.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
          d.StudyInstanceUID = '1.2.826.0.1.3680043.10.999.1'; d.SeriesInstanceUID = '1.2.826.0.1.3680043.10.999.2'
          d.Modality = 'OT'; d.Rows = 2; d.Columns = 3; d.SamplesPerPixel = 1; d.PhotometricInterpretation = 'MONOCHROME2'
          d.BitsAllocated = 16; d.BitsStored = 12; d.HighBit = 11; d.PixelRepresentation = 0
          d.PixelData = np.array([0, 1, 100, 4095, 2048, 7], dtype='<u2').tobytes()
          like_original = False
          for s in settings:
              if s.startswith('!'):
                  exec(s[1:]); continue
              attr, value = s.split('=', 1)
              v = eval(value)
              if v is None: delattr(d, attr)
              else: setattr(d, attr, v)
          d.save_as(os.path.join(sys.argv[1], name), write_like_original=like_original)
      """;

  /** Every instance the tests read, by file name, with its settings. */
  static final String[] JOBS = {
      "plain.dcm",
      "rescaled.dcm|RescaleSlope='2'|RescaleIntercept='-5'",
      "slope0.dcm|RescaleSlope='0'|RescaleIntercept='-5'",
      "mono1.dcm|PhotometricInterpretation='MONOCHROME1'|RescaleSlope='2'|RescaleIntercept='-5'",
      "signed.dcm|PixelRepresentation=1|PixelData=np.array([-3, 0, 5, -2048, 2047, -1], dtype='<i2').tobytes()",
      "signed-mono1.dcm|PixelRepresentation=1|PhotometricInterpretation='MONOCHROME1'|PixelData=np.array([-3, 0, 5, -2048, 2047, -1], dtype='<i2').tobytes()",
      "8bit.dcm|BitsAllocated=8|BitsStored=8|HighBit=7|PixelData=bytes([0, 1, 100, 255, 128, 7])",
      "8bit-mono1.dcm|BitsAllocated=8|BitsStored=8|HighBit=7|PhotometricInterpretation='MONOCHROME1'|PixelData=bytes([0, 1, 100, 255, 128, 7])",
      "facts.dcm|InstanceNumber=7|PixelSpacing=[0.5, 0.25]|SliceThickness=2.5|ImagePositionPatient=[1, 2, 3]"
          + "|ImageOrientationPatient=[1, 0, 0, 0, 1, 0]|BodyPartExamined='  HEAD '|StudyDescription=' Brain '|StudyDate='20240102'"
          + "|SeriesDescription='axial'|RecommendedDisplayFrameRate=25",
      "ft.dcm|FrameTime=33.3|RecommendedDisplayFrameRate=25",
      "zeroft.dcm|RecommendedDisplayFrameRate=0",
      "us.dcm|!r = Dataset(); r.RegionLocationMinX0 = 11; r.RegionLocationMinY0 = 12; r.RegionLocationMaxX1 = 13; r.RegionLocationMaxY1 = 14"
          + "|!r.RegionSpatialFormat = 1; r.RegionDataType = 2; r.PhysicalUnitsXDirection = 3; r.PhysicalUnitsYDirection = 4"
          + "|!r.PhysicalDeltaX = 0.0125; r.PhysicalDeltaY = 0.025; d.SequenceOfUltrasoundRegions = Sequence([r])",
      "rows0.dcm|Rows=0",
      "cols0.dcm|Columns=0",
      "bits12.dcm|BitsAllocated=12",
      "spp2.dcm|SamplesPerPixel=2",
      "short.dcm|PixelData=bytes(8)",
      "exact.dcm|PixelData=bytes(12)",
      "frames.dcm|NumberOfFrames=2|PixelData=bytes(22)",
      "frames-ok.dcm|NumberOfFrames=2|PixelData=bytes(24)",
      "rgb.dcm|SamplesPerPixel=3|PhotometricInterpretation='RGB'|PlanarConfiguration=0|PixelData=bytes(34)",
      "ybr422.dcm|SamplesPerPixel=3|PhotometricInterpretation='YBR_FULL_422'|PlanarConfiguration=0|PixelData=bytes(24)",
      "ybr422-short.dcm|SamplesPerPixel=3|PhotometricInterpretation='YBR_FULL_422'|PlanarConfiguration=0|PixelData=bytes(22)",
      "bits1.dcm|BitsAllocated=1|BitsStored=1|HighBit=0|PixelData=bytes(2)",
      "nopixels.dcm|PixelData=None",
      "noimage.dcm|PixelData=None|Rows=None|Columns=None",
      // RLE-encapsulated: one 64-byte fragment; Number of Frames 1000 cannot fit in what is left of the file; 2 could, but there is one fragment.
      "lying-frames.dcm|!from pydicom.encaps import encapsulate|!d.file_meta.TransferSyntaxUID = '1.2.840.10008.1.2.5'"
          + "|!d.PixelData = encapsulate([bytes(64)]); d['PixelData'].is_undefined_length = True; d.NumberOfFrames = 1000",
      "missing-frame.dcm|!from pydicom.encaps import encapsulate|!d.file_meta.TransferSyntaxUID = '1.2.840.10008.1.2.5'"
          + "|!d.PixelData = encapsulate([bytes(64)]); d['PixelData'].is_undefined_length = True; d.NumberOfFrames = 2",
      // A bare data set (no preamble, no meta header), implicit VR little endian: it starts with group 0x0008.
      "bare-dataset.dcm|!del d.file_meta; d.preamble = None; d.is_implicit_VR = True; like_original = True",
  };

  @BeforeAll
  static void makeInstances() throws Exception {
    String[] args = new String[JOBS.length + 1];
    args[0] = tmp.toString();
    System.arraycopy(JOBS, 0, args, 1, JOBS.length);
    Tools.python(MAKE, args);
    assertNull(header(file("plain.dcm")).pixelProblem(), "the plain image is sound");
  }

  static Path file(String name) {
    return tmp.resolve(name);
  }

  static float[] grey(Path file) throws Exception {
    return DicomBackend.standard().decode(file).grey()[0];
  }

  static InstanceHeader header(Path file) throws Exception {
    return DicomBackend.standard().readHeader(file);
  }

  @Test
  void storedValuesAreRescaledAndMonochrome1IsMirroredWithinBitsStored() throws Exception {
    assertArrayEquals(new float[] {0, 1, 100, 4095, 2048, 7}, grey(file("plain.dcm")));
    // 2·v − 5
    assertArrayEquals(new float[] {-5, -3, 195, 8185, 4091, 9}, grey(file("rescaled.dcm")));
    // A slope of 0 means no slope: v − 5.
    assertArrayEquals(new float[] {-5, -4, 95, 4090, 2043, 2}, grey(file("slope0.dcm")));
    // MONOCHROME1, 12 bits stored: (4095 − v)·2 − 5.
    assertArrayEquals(new float[] {8185, 8183, 7985, -5, 4089, 8171},
        grey(file("mono1.dcm")));
    // Signed 16 bits: stored −3 0 5 −2048 2047 −1 read as such; as MONOCHROME1 each becomes −1 − v.
    assertArrayEquals(new float[] {-3, 0, 5, -2048, 2047, -1}, grey(file("signed.dcm")));
    assertArrayEquals(new float[] {2, -1, -6, 2047, -2048, 0},
        grey(file("signed-mono1.dcm")));
    // 8 bits: stored 0 1 100 255 128 7; MONOCHROME1 gives 255 − v.
    assertArrayEquals(new float[] {0, 1, 100, 255, 128, 7}, grey(file("8bit.dcm")));
    assertArrayEquals(new float[] {255, 254, 155, 0, 127, 248},
        grey(file("8bit-mono1.dcm")));
  }

  @Test
  void mirroringStaysWithinTheStoredRange() {
    assertEquals(4095, PixelMedBackend.mirrored(0, false, 12));
    assertEquals(0, PixelMedBackend.mirrored(4095, false, 12));
    assertEquals(255 - 7, PixelMedBackend.mirrored(7, false, 8));
    assertEquals(-1 - 7, PixelMedBackend.mirrored(7, true, 12));
    assertEquals(2047, PixelMedBackend.mirrored(-2048, true, 12));
    assertEquals(1, PixelMedBackend.mirrored(0, false, 0), "at least one bit");
    assertEquals(Integer.MAX_VALUE, PixelMedBackend.mirrored(0, false, 40), "at most 31 bits");
  }

  @Test
  void colourValuesBecomeLumaAndYbrBecomesRgb() {
    // BT.601 luma of pure red, green, blue and of a grey (equal to the grey).
    assertArrayEquals(new float[] {0.299f * 255, 0.587f * 255, 0.114f * 255, 77},
        PixelMedBackend.luminance(new int[] {0xff0000, 0x00ff00, 0x0000ff, 0x4d4d4d}), 1e-3f);
    // YBR_FULL (PS3.3 C.7.6.3.1.2): neutral chroma keeps Y as grey; Cr = 255 pushes red up and green down; Cb = 0 pulls blue down.
    int[] p = {100 << 16 | 128 << 8 | 128, 100 << 16 | 128 << 8 | 255, 100 << 16 | 0 << 8 | 128, 250 << 16 | 128 << 8 | 255};
    PixelMedBackend.ybrFullToRgb(p);
    // R = Y + 1.402 (Cr − 128); G = Y − 0.344136 (Cb − 128) − 0.714136 (Cr − 128); B = Y + 1.772 (Cb − 128); rounded, clipped.
    assertEquals(100 << 16 | 100 << 8 | 100, p[0]);
    assertEquals(255 << 16 | 9 << 8 | 100, p[1]);   // R 278 clipped, G 100 − 90.70 = 9.30, B 100
    assertEquals(100 << 16 | 144 << 8 | 0, p[2]);   // R 100, G 100 + 44.05 = 144.05, B 100 − 226.8 clipped
    assertEquals(255 << 16 | 159 << 8 | 250, p[3]); // G 250 − 90.70 = 159.30
  }

  @Test
  void headerFactsAreReadAsStored() throws Exception {
    Path f = file("facts.dcm");
    InstanceHeader h = header(f);
    assertEquals(List.of(2, 3, 1, 1, 16, 12, 7), List.of(h.rows(), h.columns(), h.frames(), h.samplesPerPixel(), h.bitsAllocated(),
        h.bitsStored(), h.instanceNumber()));
    assertArrayEquals(new double[] {0.5, 0.25}, h.pixelSpacing());
    assertArrayEquals(new double[] {1, 2, 3}, h.imagePosition());
    assertEquals(2.5, h.sliceThickness());
    assertEquals(3.0, h.positionAlongNormal(), 1e-12);
    assertEquals("HEAD", h.bodyPartExamined());
    assertEquals("Brain", h.studyDescription());
    assertEquals("20240102", h.studyDate());
    assertEquals("axial", h.seriesDescription());
    assertEquals("1.2.826.0.1.3680043.10.999.1", h.studyInstanceUid());
    assertEquals("1.2.826.0.1.3680043.10.999.2", h.seriesInstanceUid());
    assertEquals("1.2.826.0.1.3680043.10.999.3", h.sopInstanceUid());
    assertEquals("1.2.840.10008.5.1.4.1.1.7", h.sopClassUid());
    assertEquals("1.2.840.10008.1.2.1", h.transferSyntaxUid());
    assertEquals("MONOCHROME2", h.photometricInterpretation());
    assertEquals("OT", h.modality());
    assertEquals(40.0, h.frameTimeMs(), 1e-9, "25 frames a second");
    assertEquals(33.3, header(file("ft.dcm")).frameTimeMs(), 1e-9);
    assertTrue(Double.isNaN(header(file("plain.dcm")).frameTimeMs()));
    assertTrue(Double.isNaN(header(file("zeroft.dcm")).frameTimeMs()));
    InstanceHeader bare = header(file("plain.dcm"));
    assertNull(bare.pixelSpacing());
    assertNull(bare.imagePosition());
    assertTrue(Double.isNaN(bare.sliceThickness()));
    assertEquals(List.of(), bare.ultrasoundRegions());
    assertEquals(0, bare.mosaicImages());
  }

  @Test
  void ultrasoundRegionsAreReadFieldByField() throws Exception {
    Path f = file("us.dcm");
    List<UltrasoundRegion> r = header(f).ultrasoundRegions();
    assertEquals(List.of(new UltrasoundRegion(11, 12, 13, 14, 1, 2, 3, 4, 0.0125, 0.025)), r);
  }

  @Test
  void pixelProblemsAreReportedWithTheirReasonAndTheFile() throws Exception {
    assertProblem(file("rows0.dcm"), "absurd dimensions 3x0");
    assertProblem(file("cols0.dcm"), "absurd dimensions 0x2");
    assertProblem(file("bits12.dcm"), "unsupported Bits Allocated 12");
    assertProblem(file("spp2.dcm"), "unsupported Samples per Pixel 2");
    // 6 pixels of 2 bytes need 12 bytes.
    assertProblem(file("short.dcm"), "pixel data is 8 bytes, expected 12 (truncated)");
    assertNull(header(file("exact.dcm")).pixelProblem());
    // Two frames need 24 bytes; RGB needs three samples a pixel.
    assertProblem(file("frames.dcm"), "pixel data is 22 bytes, expected 24 (truncated)");
    assertNull(header(file("frames-ok.dcm")).pixelProblem());
    assertProblem(file("rgb.dcm"),
        "pixel data is 34 bytes, expected 36 (truncated)");
    // Uncompressed YBR_FULL_422: two samples a pixel (2 luma + 1 chroma pair per 2 pixels), so 6 × 2 × 2 bytes.
    assertNull(header(file("ybr422.dcm")).pixelProblem());
    assertProblem(file("ybr422-short.dcm"), "expected 24 (truncated)");
    // 1 bit allocated: 6 pixels fit in one byte (padded to two).
    assertNull(header(file("bits1.dcm")).pixelProblem());
    InstanceHeader none = header(file("nopixels.dcm"));
    assertTrue(none.hasPixelData(), "Rows without Pixel Data: an image whose pixels are missing");
    assertEquals(none.file() + ": pixel data missing or truncated", none.pixelProblem());
    InstanceHeader notImage = header(file("noimage.dcm"));
    assertFalse(notImage.hasPixelData());
    assertNull(notImage.pixelProblem());
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomBackend.standard().decode(notImage.file()));
    assertTrue(e.getMessage().contains("no pixel data"), e.getMessage());
  }

  @Test
  void encapsulatedFramesThatCannotBeThereAreReportedBeforeDecoding() throws Exception {
    // From the Pixel Data tag: 12 bytes of element header, an empty offset table (8), one item (8 + 64), the delimiter (8).
    DicomFileException e = assertThrows(DicomFileException.class, () -> header(file("lying-frames.dcm")));
    assertTrue(e.getMessage().contains("Number of Frames 1000 cannot fit in the 100 bytes of pixel data left in the file"), e.getMessage());
    // Two frames announced, one fragment: PixelMed cannot read the pixel data, which is reported, not decoded.
    assertProblem(file("missing-frame.dcm"), "pixel data missing or truncated");
  }

  @Test
  void transferSyntaxNamesAndWhatCanBeDecoded() {
    assertEquals("RLE Lossless", TransferSyntaxes.name("1.2.840.10008.1.2.5"));
    assertEquals("MPEG/HEVC video", TransferSyntaxes.name("1.2.840.10008.1.2.4.102"));
    assertEquals("unknown transfer syntax", TransferSyntaxes.name("1.2.3.4"));
    assertTrue(TransferSyntaxes.decodable("", 16), "no meta header: implicit little endian");
    assertTrue(TransferSyntaxes.decodable(null, 16));
    assertTrue(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.50", 8));
    assertFalse(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.51", 12), "12-bit JPEG");
    assertTrue(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.51", 8));
    assertFalse(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.80", 8), "JPEG-LS");
    assertFalse(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.102", 8), "video");
    assertFalse(TransferSyntaxes.decodable("1.2.3.4", 8), "unknown");
    assertTrue(TransferSyntaxes.decodable("1.2.840.10008.1.2.4.90", 16));
    assertFalse(TransferSyntaxes.encapsulated("1.2.840.10008.1.2.1.99"));
    assertFalse(TransferSyntaxes.encapsulated(""));
    assertFalse(TransferSyntaxes.encapsulated(null));
    assertTrue(TransferSyntaxes.encapsulated("1.2.840.10008.1.2.5"));
  }

  private static void assertProblem(Path file, String reason) throws Exception {
    InstanceHeader h = header(file);
    assertNotNull(h.pixelProblem(), file + " passed");
    assertTrue(h.pixelProblem().startsWith(file + ": ") && h.pixelProblem().contains(reason), h.pixelProblem());
    DicomFileException e = assertThrows(DicomFileException.class, () -> DicomBackend.standard().decode(file));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void filesThatAreNotDicomAreToldApartFromOnesWithoutAPreamble() throws Exception {
    Path empty = Files.write(tmp.resolve("empty.dcm"), new byte[0]);
    DicomFileException e = assertThrows(DicomFileException.class, () -> header(empty));
    assertTrue(e.getMessage().contains("empty file"), e.getMessage());
    Path text = Files.writeString(tmp.resolve("notes.dcm"), "Patient notes, not an image. ".repeat(10));
    e = assertThrows(DicomFileException.class, () -> header(text));
    assertTrue(e.getMessage().contains(DicomFileException.NOT_DICOM), e.getMessage());
    // A bare data set (no preamble, no meta header), implicit VR little endian, starting with group 0x0008.
    Path bare = file("bare-dataset.dcm");
    assertEquals(8, Files.readAllBytes(bare)[0]);
    assertEquals(0, Files.readAllBytes(bare)[1]);
    assertArrayEquals(new float[] {0, 1, 100, 4095, 2048, 7}, grey(bare));
  }
}
