package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import java.nio.file.Path;
import java.util.Random;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelMapsTest {
  @TempDir Path tmp;

  @Test
  void realDicomSegmentationMatchesPydicom() throws Exception {
    Path seg = DataSet.file("pydicom/liver_1frame.dcm");
    Volume v = LabelMaps.read(seg);
    String[] truth = Tools.python("import pydicom,sys,numpy as np\nd=pydicom.dcmread(sys.argv[1]); a=d.pixel_array\n"
        + "print(a.shape[-1], a.shape[-2], int(a.sum()), int(np.argmax(a.ravel())))", seg.toString()).split(" ");
    assertEquals(Integer.parseInt(truth[0]), v.nx());
    assertEquals(Integer.parseInt(truth[1]), v.ny());
    long on = 0;
    int first = -1;
    for (int i = 0; i < v.voxels().length; i++) {
      if (v.voxels()[i] > 0) {
        on++;
        if (first < 0) first = i;
      }
    }
    assertEquals(Long.parseLong(truth[2]), on);
    assertEquals(Integer.parseInt(truth[3]), first);
  }

  @Test
  void imageJLabelStackReadsBack() throws Exception {
    ImageStack s = new ImageStack(20, 10);
    Random r = new Random(3);
    byte[][] planes = new byte[3][200];
    for (byte[] p : planes) {
      for (int i = 0; i < p.length; i++) p[i] = (byte) r.nextInt(4);
      s.addSlice(new ByteProcessor(20, 10, p.clone()));
    }
    Path tif = tmp.resolve("labels.tif");
    assertTrue(new FileSaver(new ImagePlus("labels", s)).saveAsTiffStack(tif.toString()));
    Volume v = LabelMaps.read(tif);
    assertEquals(3, v.nz());
    for (int z = 0; z < 3; z++) for (int i = 0; i < 200; i++) assertEquals(planes[z][i], (byte) v.voxels()[z * 200 + i]);
  }

  @Test
  void augmentationIsSeededAndKeepsTheClassSet() throws Exception {
    var slices = AxialSlices.extract(NiftiReader.read(DataSet.file("mricron/ch2.nii.gz")),
        ClassRecipe.colin27DeepGrey().apply(NiftiReader.read(DataSet.file("mricron/aal.nii.gz")),
            LabelTable.read(DataSet.file("mricron/aal.nii.txt")),
            java.util.Map.of("brain", NiftiReader.read(DataSet.file("mricron/ch2bet.nii.gz")))), 64, 0.02);
    LabelledSlice s = slices.get(slices.size() / 2);
    LabelledSlice a = Augmenter.augment(s, new Random(11)), b = Augmenter.augment(s, new Random(11));
    LabelledSlice c = Augmenter.augment(s, new Random(12));
    assertArrayEquals(a.image(), b.image());
    assertArrayEquals(a.labels(), b.labels());
    assertFalse(java.util.Arrays.equals(a.image(), c.image()));
    int changed = 0;
    for (int i = 0; i < s.labels().length; i++) {
      assertTrue(a.labels()[i] >= 0 && a.labels()[i] <= 2);
      if (a.labels()[i] != s.labels()[i]) changed++;
    }
    assertTrue(changed > 0, "geometry must move labels");
  }
}
