package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Random;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Views rendered straight into the network's field agree with frames placed there; random looks vary as promised. */
class RandomBModeTest {
  static TeacherData colin;
  static SliceInput slice;

  @BeforeAll
  static void load() throws Exception {
    colin = TeacherData.load(new TeacherConfig().data);
    int z = 80; // through the deep grey nuclei
    float[] img = AxialSlices.displaySlice(colin.image(), z), c = AxialSlices.displaySlice(colin.classes(), z);
    byte[] cls = new byte[c.length];
    for (int i = 0; i < c.length; i++) cls[i] = (byte) c[i];
    slice = SliceInput.of(img, cls, colin.image().nx(), colin.image().ny(), colin.image().sx(), TissueTable.defaults());
  }

  @Test
  void aFieldViewIsTheFrameAsItIsPlacedForTheNetwork() {
    Random rnd = new Random(4);
    for (int k = 0; k < 5; k++) {
      ProbePose p = PoseSampler.sample(slice, rnd);
      FieldView v = FieldView.render(slice, p, 256, 128, colin.fieldOfViewMm(), 1);
      ProbeView.View frame = ProbeView.reformat(slice, p, 256);
      UltrasoundFrame.Square placed = new UltrasoundFrame("f", 0, 256, 256, frame.pixelMm(), frame.t1(), frame.sector(), frame.labels())
          .toNetwork(new NetworkGeometry(128, colin.fieldOfViewMm()));
      int sectorAgree = 0, labelAgree = 0, deep = 0;
      for (int i = 0; i < 128 * 128; i++) {
        if (v.sector()[i] == placed.sector()[i]) sectorAgree++;
        if (v.labels()[i] == placed.truth()[i]) labelAgree++;
        if (v.labels()[i] == 2) deep++;
      }
      assertTrue(sectorAgree > 0.98 * 128 * 128, "sector agreement " + sectorAgree);
      assertTrue(labelAgree > 0.98 * 128 * 128, "label agreement " + labelAgree);
      if (k == 0) assertTrue(deep > 20, "the view holds the nuclei");
    }
  }

  @Test
  void looksAreSeededBoundedAndPutTheNucleiOnEitherSideOfWhiteMatter() {
    Random poses = new Random(8);
    ProbePose p = PoseSampler.sample(slice, poses);
    FieldView v = FieldView.render(slice, p, 256, 128, colin.fieldOfViewMm(), 1);
    assertArrayEquals(RandomBMode.render(v, slice, p, new Random(5)), RandomBMode.render(v, slice, p, new Random(5)));
    int darker = 0, brighter = 0;
    for (int seed = 0; seed < 40; seed++) {
      float[] img = RandomBMode.render(v, slice, p, new Random(seed));
      double deep = 0, brain = 0;
      int nd = 0, nb = 0;
      for (int i = 0; i < img.length; i++) {
        assertTrue(img[i] >= 0 && img[i] <= 1, "intensity " + img[i]);
        if (!v.sector()[i]) assertEquals(0, img[i]);
        else if (v.labels()[i] == 2) {
          deep += img[i];
          nd++;
        } else if (v.labels()[i] == 1) {
          brain += img[i];
          nb++;
        }
      }
      if (deep / nd < brain / nb) darker++;
      else brighter++;
    }
    assertTrue(darker >= 8 && brighter >= 8, "nuclei darker in " + darker + " looks, brighter in " + brighter);
  }

  @Test
  void everyLookShowsTheNucleiAgainstWhiteMatter() {
    Random rnd = new Random(3);
    int darker = 0;
    for (int k = 0; k < 2000; k++) {
      RandomBMode.Look look = RandomBMode.Look.draw(rnd);
      double db = 20 * Math.log10(look.echo()[TissueTable.DEEP_GREY] / look.echo()[TissueTable.WHITE]);
      assertTrue(Math.abs(db) >= RandomBMode.MIN_NUCLEI_CONTRAST_DB - 1e-9, "look " + k + ": nuclei " + db + " dB from white matter");
      if (db < 0) darker++;
    }
    assertTrue(darker > 600 && darker < 1400, "darker in " + darker + " of 2000 looks");
  }
}
