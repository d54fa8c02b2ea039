package org.crossmodal.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.ClassContrast;
import org.crossmodal.simulate.ProbeView;
import org.crossmodal.simulate.SpeckleAppearance;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.inference.UltrasoundFrame;

/**
 * Labelled MRI as an ultrasound probe would frame it: each slice reformatted into sectors from
 * poses drawn as for the simulator (MRI intensities and labels, no acoustics), at the physical
 * scale of the network's field of view. Training on them teaches the anatomy in the ultrasound's
 * geometry (any orientation, a sector of the head) without any ultrasound label.
 */
public final class ProbeViews {
  private ProbeViews() {}

  /**
   * How the views look: MRI intensities as they are ({@link #PLAIN}), or with B-mode speckle
   * ({@link SpeckleAppearance}) whose echo fades with depth by a random 0 to {@code dbPerCmMax} dB/cm
   * and draws the intensity steps along the beam as echoes of a random 0 to {@code specularMax}
   * strength, after each class's echo was scaled by a random factor ({@link ClassContrast}).
   */
  public record Appearance(boolean speckle, double dbPerCmMax, double specularMax, ClassContrast contrast) {
    public static final Appearance PLAIN = new Appearance(false, 0, 0, ClassContrast.NONE);

    public static Appearance of(StudentConfig.Adaptation a) {
      return new Appearance(a.speckleAppearance, a.depthAttenuation, a.specularEchoes,
          new ClassContrast(a.classContrast, a.backgroundContrast));
    }
  }

  /** {@code perSlice} views of each slice; a view's index is its slice's, so splits stay by slice. */
  public static List<LabelledSlice> of(TeacherData data, List<Integer> slices, int perSlice, long seed, NetworkGeometry network,
      Appearance look) {
    List<LabelledSlice> out = new ArrayList<>();
    if (perSlice <= 0 || slices.isEmpty()) return out;
    List<ProbeView.View> views = ProbeView.sample(data.image(), data.classes(), slices, perSlice,
        BModeSimulator.defaults().outputSize(), seed, TissueTable.defaults());
    boolean contrasted = look.speckle() && !look.contrast().equals(ClassContrast.NONE);
    // The class count is read from the label volume (millions of voxels) only when it is needed.
    int classes = contrasted ? classCount(data) : 0;
    // Each effect draws from its own stream, so switching one off leaves the others' views as they were.
    Random rnd = new Random(seed + 1), echoes = new Random(seed + 2), contrast = new Random(seed + 3);
    for (int i = 0; i < views.size(); i++) {
      ProbeView.View v = views.get(i);
      var e = new SpeckleAppearance.Echoes(v.pixelMm(), echoes.nextDouble() * look.dbPerCmMax(), echoes.nextDouble() * look.specularMax());
      float[] img = v.t1();
      if (look.speckle()) {
        if (contrasted) img = ClassContrast.apply(img, v.labels(), look.contrast().draw(classes, contrast));
        img = SpeckleAppearance.apply(img, v.sector(), v.size(), e, rnd);
      }
      UltrasoundFrame.Square s = new UltrasoundFrame("view" + i, slices.get(i / perSlice), v.size(), v.size(), v.pixelMm(), img,
          v.sector(), v.labels()).toNetwork(network);
      out.add(new LabelledSlice(slices.get(i / perSlice), network.inputSize(), s.image(), s.truth()));
    }
    return out;
  }

  private static int classCount(TeacherData data) {
    int classes = 1;
    for (float c : data.classes().voxels()) classes = Math.max(classes, (int) c + 1);
    return classes;
  }

  /**
   * One epoch's training list: every slice, replaced with {@code probability} by one of its views.
   * Seeded by seed and epoch, so a resumed epoch sees the same images.
   */
  static List<LabelledSlice> mix(List<LabelledSlice> slices, List<LabelledSlice> views, double probability, long seed, int epoch) {
    if (views.isEmpty() || probability <= 0) return slices;
    Map<Integer, List<LabelledSlice>> bySlice = new HashMap<>();
    for (LabelledSlice v : views) bySlice.computeIfAbsent(v.index(), k -> new ArrayList<>()).add(v);
    Random rnd = new Random(seed * 31 + epoch);
    List<LabelledSlice> out = new ArrayList<>(slices.size());
    for (LabelledSlice s : slices) {
      List<LabelledSlice> own = bySlice.get(s.index());
      boolean view = rnd.nextDouble() < probability;
      int pick = rnd.nextInt(Integer.MAX_VALUE);
      out.add(view && own != null ? own.get(pick % own.size()) : s);
    }
    return out;
  }
}
