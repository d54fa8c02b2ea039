package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyConfigs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training images drawn afresh: seeded, in the shares asked for, views with a look flagged for the ultrasound batch norms. */
class TrainingViewsTest {
  static TeacherData data;
  static TrainingViews views;
  @TempDir static java.nio.file.Path tmp;

  @BeforeAll
  static void load() throws Exception {
    data = TeacherData.load(TinyConfigs.teacher(1).data);
    views = new TrainingViews(data, new NetworkGeometry(32, data.fieldOfViewMm()));
  }

  @Test
  void theSameSeedAndEpochDrawTheSameImagesAndAnotherEpochOthers() {
    TrainingViews.Mix mix = new TrainingViews.Mix(0.75, 0.6, org.crossmodal.simulate.ProbeModel.ANY, 0.15);
    List<LabelledSlice> a = views.epoch(data.split().train(), mix, 5, 3), b = views.epoch(data.split().train(), mix, 5, 3);
    List<LabelledSlice> c = views.epoch(data.split().train(), mix, 5, 4);
    assertEquals(data.split().train().size(), a.size());
    int differ = 0;
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).image(), b.get(i).image());
      assertArrayEquals(a.get(i).labels(), b.get(i).labels());
      assertEquals(data.split().train().get(i), a.get(i).index(), "one image per slice, in order");
      if (!java.util.Arrays.equals(a.get(i).image(), c.get(i).image())) differ++;
    }
    assertTrue(differ > a.size() / 2, "another epoch draws other views: " + differ);
  }

  @Test
  void sharesOfViewsAndLooksFollowTheMixAndTheRampStartsWithWholeSlices() {
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    List<LabelledSlice> first = views.epoch(data.split().train(), TrainingViews.mix(d, 0), 1, 0);
    assertTrue(first.stream().allMatch(s -> s.region() != null && !s.ultrasoundLike()), "epoch 0 of the ramp: whole slices");
    int n = 0, viewCount = 0, looks = 0;
    for (int e = 0; e < 6; e++) {
      for (LabelledSlice s : views.epoch(data.split().train(), new TrainingViews.Mix(0.75, 0.6, org.crossmodal.simulate.ProbeModel.ANY, 0.15), 2, e)) {
        n++;
        boolean whole = data.slices().stream().anyMatch(w -> w == s);
        if (!whole) viewCount++;
        if (s.ultrasoundLike()) looks++;
      }
    }
    assertEquals(0.75, viewCount / (double) n, 0.08, "share of views");
    assertEquals(0.6, looks / (double) viewCount, 0.1, "share of looks among views");
  }

  @Test
  void aTeacherWithLooksHasUltrasoundBatchNormsOfItsOwnAndOneWithoutHasNot() throws Exception {
    TeacherConfig c = TinyConfigs.teacher(1);
    c.data.viewRampEpochs = 0;
    c.data.probeViews = 1;
    c.data.randomLook = 0.5;
    ModelDescriptor with = ModelFile.readDescriptor(TeacherTrainer.train(c, tmp.resolve("looks"), TrainingListener.SILENT));
    assertEquals(List.of(ModelDescriptor.MRI, ModelDescriptor.ULTRASOUND), with.domains());
    c.data.lookDomain = false;
    ModelDescriptor without = ModelFile.readDescriptor(TeacherTrainer.train(c, tmp.resolve("plain"), TrainingListener.SILENT));
    assertEquals(List.of(ModelDescriptor.MRI), without.domains());
    for (String k : List.of("testDice", "testDiceProbeViews", "testDiceRandomLook")) assertNotNull(with.metrics().get(k), k);
  }
}
