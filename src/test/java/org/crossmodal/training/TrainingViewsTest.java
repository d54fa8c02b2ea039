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
    TrainingViews.Mix mix = new TrainingViews.Mix(0.75, 0.6, org.crossmodal.simulate.ProbeModel.ANY, 0.15, 0);
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
      for (LabelledSlice s : views.epoch(data.split().train(), new TrainingViews.Mix(0.75, 0.6, org.crossmodal.simulate.ProbeModel.ANY, 0.15, 0), 2, e)) {
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
  void aShareOfImagesComesFromTheSlicesThatHoldEveryClass() {
    List<Integer> train = data.split().train();
    int classes = 1;
    for (LabelledSlice s : data.slices()) for (byte b : s.labels()) classes = Math.max(classes, b + 1);
    int k = classes;
    java.util.function.Predicate<LabelledSlice> every = s -> {
      boolean[] seen = new boolean[k];
      for (byte b : s.labels()) seen[b] = true;
      for (boolean x : seen) if (!x) return false;
      return true;
    };
    double natural = data.slices().stream().filter(s -> train.contains(s.index())).filter(every).count() / (double) train.size();
    assertTrue(natural > 0 && natural < 0.8, "the tiny volume has slices without every class: " + natural);
    var probes = org.crossmodal.simulate.ProbeModel.ANY;
    assertTrue(views.epoch(train, new TrainingViews.Mix(0, 0, probes, 0, 1), 3, 1).stream().allMatch(every));
    int n = 0, hits = 0;
    for (int e = 0; e < 20; e++) {
      for (LabelledSlice s : views.epoch(train, new TrainingViews.Mix(0, 0, probes, 0, 0.33), 3, e)) {
        n++;
        if (every.test(s)) hits++;
      }
    }
    assertEquals(natural + 0.33 * (1 - natural), hits / (double) n, 0.06, "natural share " + natural);
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
