package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three writers on small synthetic frames (5 columns × 3 rows, an odd pixel count), read back
 * by pydicom and checked by dciodvfy: the US image's pixels, frame time and region; a BINARY and a
 * FRACTIONAL SEG's frames, pixels and segment attributes; the Secondary Capture overlay's RGB
 * pixels, frame pointer and burned-in annotation. Every expected value is written out here.
 */
class DerivedObjectWritersTest {
  @TempDir Path tmp;
  static final int ROWS = 3, COLS = 5, N = ROWS * COLS;
  static final String DATE = "20261205101112";
  static final StudyContext STUDY = StudyContext.synthetic("1.2.826.0.1.3680043.10.999.1", "20261205", "101112");

  /** Frame f holds value 10·f + i at pixel i. */
  static List<byte[]> frames(int count) {
    List<byte[]> out = new ArrayList<>();
    for (int f = 0; f < count; f++) {
      byte[] b = new byte[N];
      for (int i = 0; i < N; i++) b[i] = (byte) (10 * f + i);
      out.add(b);
    }
    return out;
  }

  static String py(String script, Path file) throws Exception {
    return Tools.python("import sys, pydicom, numpy as np\nd = pydicom.dcmread(sys.argv[1])\n" + script, file.toString());
  }

  /** As {@link #py(String, Path)} with a second argument (sys.argv[2]) for the script. */
  static String py(String script, Path file, String arg) throws Exception {
    return Tools.python("import sys, pydicom, numpy as np\nd = pydicom.dcmread(sys.argv[1])\n" + script, file.toString(), arg);
  }

  @Test
  void ultrasoundImagesCarryTheirPixelsFrameTimeAndRegion() throws Exception {
    Path cine = tmp.resolve("cine.dcm");
    var w = UltrasoundImageWriter.write(cine, STUDY, frames(3), ROWS, COLS, 0.25, 33.3333, "SYNTHETIC test", "SYNTHETIC", DATE);
    assertEquals(UltrasoundImageWriter.US_MULTIFRAME, w.sopClassUid());
    assertEquals(List.of(3, ROWS, COLS), List.of(w.frames(), w.rows(), w.columns()));
    assertEquals(List.of(), DicomValidators.iodErrors(cine, List.of()));
    assertEquals("1.2.840.10008.5.1.4.1.1.3.1 3 (3, 3, 5) 0 24 10 33 | 33.3 (0018, 1063) | 0 0 4 2 3 3 0.025000 0.025000 1 1"
        + " | NO MONOCHROME2 8 8 7 20261205 101112 " + w.sopInstanceUid() + " " + w.seriesInstanceUid() + " SYNTHETIC 00", py("""
        a = d.pixel_array; r = d.SequenceOfUltrasoundRegions[0]
        print(d.SOPClassUID, d.NumberOfFrames, a.shape, a[0, 0, 0], a[2, 0, 4], a[1, 0, 0], a[2, 2, 3], '|', d.FrameTime, d.FrameIncrementPointer, '|',
              r.RegionLocationMinX0, r.RegionLocationMinY0, r.RegionLocationMaxX1, r.RegionLocationMaxY1,
              r.PhysicalUnitsXDirection, r.PhysicalUnitsYDirection, '%.6f' % r.PhysicalDeltaX, '%.6f' % r.PhysicalDeltaY,
              r.RegionSpatialFormat, r.RegionDataType, '|', d.BurnedInAnnotation, d.PhotometricInterpretation,
              d.BitsAllocated, d.BitsStored, d.HighBit, d.ContentDate, d.ContentTime, d.SOPInstanceUID, d.SeriesInstanceUID,
              d.ImageComments, d.LossyImageCompression)
        """, cine));
    Path single = tmp.resolve("single.dcm");
    var one = UltrasoundImageWriter.write(single, STUDY, frames(1), ROWS, COLS, 0.25, 33.3, "SYNTHETIC test", "SYNTHETIC", DATE);
    assertEquals(UltrasoundImageWriter.US_IMAGE, one.sopClassUid());
    assertEquals("1.2.840.10008.5.1.4.1.1.6.1 False False (3, 5) 14", py("""
        print(d.SOPClassUID, 'NumberOfFrames' in d, 'FrameTime' in d, d.pixel_array.shape, d.pixel_array[2, 4])
        """, single));
    assertEquals(List.of(), DicomValidators.iodErrors(single, List.of()));
  }

  static final List<String> CLASSES = List.of("background", "brain", "deep_grey");
  static final SegmentationWriter.Description DESCRIPTION = new SegmentationWriter.Description(CLASSES, "unit-test", "7.1", "test SEG", DATE);

  /** pydicom's view of a SEG: type, frame layout, segments, and per frame its segment, source frame, index and pixels. */
  static final String SEG_VIEW = """
      a = d.pixel_array.reshape(int(d.NumberOfFrames), d.Rows * d.Columns)
      pf = d.PerFrameFunctionalGroupsSequence; ss = d.SegmentSequence
      frac = (' %s %s' % (d.SegmentationFractionalType, d.MaximumFractionalValue)) if d.SegmentationType == 'FRACTIONAL' else ''
      print(d.SegmentationType + frac, d.NumberOfFrames, d.BitsAllocated, d.BitsStored, d.HighBit, '|',
            [int(s.SegmentNumber) for s in ss], [s.SegmentLabel for s in ss], ss[0].SegmentAlgorithmType, ss[1].SegmentAlgorithmName,
            d.ContentDate, d.ContentTime, d.SoftwareVersions, 'ContentCreatorName' in d, d.SOPInstanceUID == sys.argv[2], '|',
            [int(x.SegmentIdentificationSequence[0].ReferencedSegmentNumber) for x in pf],
            [int(x.DerivationImageSequence[0].SourceImageSequence[0].ReferencedFrameNumber) for x in pf],
            [[int(v) for v in x.FrameContentSequence[0].DimensionIndexValues] for x in pf],
            [int(x.FrameContentSequence[0].InStackPositionNumber) for x in pf], '|',
            *[' '.join(str(int(v)) for v in a[k]) if d.SegmentationType == 'FRACTIONAL' else ''.join(str(int(v)) for v in a[k])
              for k in range(int(d.NumberOfFrames))], sep=' ')
      """;

  static SourceFrames twoFrameSource(Path cine) throws Exception {
    return SourceFrames.of(UltrasoundImageWriter.write(cine, STUDY, frames(2), ROWS, COLS, 0.25, 40, "SYNTHETIC", "SYNTHETIC", DATE));
  }

  @Test
  void aBinarySegHoldsEachSegmentsFramesInOrderBitPackedAcrossFrames() throws Exception {
    Path cine = tmp.resolve("cine.dcm");
    SourceFrames src = twoFrameSource(cine);
    // Image 1: pixel i has class i % 3; image 2: class (i + 1) % 3. 15 pixels a frame: frames share bytes.
    List<byte[]> labels = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      byte[] l = new byte[N];
      for (int i = 0; i < N; i++) l[i] = (byte) ((i + f) % 3);
      labels.add(l);
    }
    Path seg = tmp.resolve("binary.dcm");
    String sop = SegmentationWriter.write(seg, STUDY, src, labels, DESCRIPTION);
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(cine)));
    // Frames (segment, image): (1, 1), (1, 2), (2, 1), (2, 2).
    assertEquals("BINARY 4 1 1 0 | [1, 2] ['brain', 'deep_grey'] AUTOMATIC unit-test 20261205 101112 7.1 True True |"
        + " [1, 1, 2, 2] [1, 2, 1, 2] [[1, 1], [1, 2], [2, 1], [2, 2]] [1, 2, 1, 2] |"
        + " 010010010010010 100100100100100 001001001001001 010010010010010", py(SEG_VIEW, seg, sop));
    // Read back: the class of every pixel of both images.
    SegmentationReader.Frames back = SegmentationReader.read(seg);
    assertEquals(List.of(COLS, ROWS, 2), List.of(back.columns(), back.rows(), back.frames()));
    for (int f = 0; f < 2; f++) for (int i = 0; i < N; i++) assertEquals(labels.get(f)[i], back.segments()[f * N + i], f + "/" + i);
    // Labels of the wrong count are refused before anything is written.
    assertThrows(IllegalArgumentException.class, () -> SegmentationWriter.write(tmp.resolve("x.dcm"), STUDY, src, labels.subList(0, 1), DESCRIPTION));
  }

  @Test
  void aFractionalSegHoldsProbabilitiesInTwoHundredFiftyFifths() throws Exception {
    assertEquals(0, SegmentationWriter.fraction(-0.2f));
    assertEquals(51, SegmentationWriter.fraction(0.2f));
    assertEquals(128, SegmentationWriter.fraction(0.5f) & 0xff);
    assertEquals(255, SegmentationWriter.fraction(1.3f) & 0xff);
    Path cine = tmp.resolve("cine.dcm");
    SourceFrames src = twoFrameSource(cine);
    // Image 1: brain 18·i, deep grey 255 − 18·i; image 2 the other way round.
    List<byte[][]> fractions = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      byte[][] p = new byte[3][N];
      for (int i = 0; i < N; i++) {
        p[1 + f][i] = (byte) (18 * i);
        p[2 - f][i] = (byte) (255 - 18 * i);
      }
      fractions.add(p);
    }
    Path seg = tmp.resolve("fractional.dcm");
    String sop = SegmentationWriter.writeFractional(seg, STUDY, src, fractions, DESCRIPTION);
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(cine)));
    String up = "0 18 36 54 72 90 108 126 144 162 180 198 216 234 252", down = "255 237 219 201 183 165 147 129 111 93 75 57 39 21 3";
    assertEquals("FRACTIONAL PROBABILITY 255 4 8 8 7 | [1, 2] ['brain', 'deep_grey'] AUTOMATIC unit-test 20261205 101112 7.1 True True |"
        + " [1, 1, 2, 2] [1, 2, 1, 2] [[1, 1], [1, 2], [2, 1], [2, 2]] [1, 2, 1, 2] | "
        + String.join(" ", up, down, down, up), py(SEG_VIEW, seg, sop));
    // Read back: a pixel belongs to a segment above one half (more than 127.5 of 255); the later segment wins.
    SegmentationReader.Frames back = SegmentationReader.read(seg);
    for (int i = 0; i < N; i++) {
      assertEquals(i <= 7 ? 2 : 1, back.segments()[i], "image 1 pixel " + i);
      assertEquals(i <= 7 ? 1 : 2, back.segments()[N + i], "image 2 pixel " + i);
    }
  }

  @Test
  void theOverlayIsTrueColourWithAFramePointerAndSaysWhetherItCarriesBurnedInText() throws Exception {
    Path cine = tmp.resolve("cine.dcm");
    SourceFrames src = twoFrameSource(cine);
    List<int[]> rgb = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      int[] p = new int[N];
      for (int i = 0; i < N; i++) p[i] = (10 * f + i) << 16 | (100 + i) << 8 | (200 + i);
      rgb.add(p);
    }
    String view = """
        a = d.pixel_array
        print(d.SOPClassUID, d.NumberOfFrames, a.shape, list(a[0, 0, 0]), list(a[1, 2, 4]), d.BurnedInAnnotation,
              d.FrameIncrementPointer if 'FrameIncrementPointer' in d else None, d.get('FrameTime'),
              list(d.PageNumberVector) if 'PageNumberVector' in d else None,
              [s.ReferencedSOPInstanceUID for s in d.SourceImageSequence] == [sys.argv[2]] if len(sys.argv) > 2 else '',
              d.ContentDate, d.ContentTime, list(d.ImageType), d.DerivationDescription, d.LossyImageCompression,
              d.SOPInstanceUID == sys.argv[3] if len(sys.argv) > 3 else '')
        """;
    Path cineOverlay = tmp.resolve("overlay-cine.dcm");
    String sop = OverlayWriter.write(cineOverlay, STUDY, src, rgb, 40, "overlay", DATE, "NO");
    assertEquals(List.of(), DicomValidators.iodErrors(cineOverlay, List.of(cine)));
    assertEquals(OverlayWriter.TRUE_COLOR_SC + " 2 (2, 3, 5, 3) [0, 100, 200] [24, 114, 214] NO (0018, 1063) 40.0 None True 20261205 101112 ['DERIVED', 'SECONDARY'] segmentation labels drawn over the source images 00 True",
        Tools.python("import sys, pydicom\nd = pydicom.dcmread(sys.argv[1])\n" + view, cineOverlay.toString(),
            src.frames().get(0).sopInstanceUid(), sop));
    Path slices = tmp.resolve("overlay-slices.dcm");
    OverlayWriter.write(slices, STUDY, src, rgb, Double.NaN, "overlay", DATE, "");
    assertEquals(List.of(), DicomValidators.iodErrors(slices, List.of(cine)));
    assertEquals(OverlayWriter.TRUE_COLOR_SC + " 2 (2, 3, 5, 3) [0, 100, 200] [24, 114, 214] YES (0018, 2001) None ['1', '2']  20261205 101112 ['DERIVED', 'SECONDARY'] segmentation labels drawn over the source images 00",
        py(view, slices));
    Path single = tmp.resolve("overlay-single.dcm");
    SourceFrames one = new SourceFrames(src.seriesInstanceUid(), ROWS, COLS, src.frames().subList(1, 2));
    OverlayWriter.write(single, STUDY, one, rgb.subList(1, 2), 40, "overlay", DATE, "YES");
    assertEquals(List.of(), DicomValidators.iodErrors(single, List.of(cine)));
    assertEquals(OverlayWriter.TRUE_COLOR_SC + " 1 (3, 5, 3) [10, 100, 200] [11, 101, 201] YES None None None  20261205 101112 ['DERIVED', 'SECONDARY'] segmentation labels drawn over the source images 00",
        py(view.replace("a[1, 2, 4]", "a[0, 1]").replace("a[0, 0, 0]", "a[0, 0]"), single));
    assertThrows(IllegalArgumentException.class, () -> OverlayWriter.write(tmp.resolve("x.dcm"), STUDY, src, rgb.subList(0, 1), 40, "o", DATE, "NO"));
  }
}
