package org.crossmodal.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.ProbeView;
import org.crossmodal.simulate.SpeckleAppearance;
import org.crossmodal.simulate.TissueTable;

/**
 * Labelled MRI as an ultrasound probe would frame it: each slice reformatted into sectors from
 * poses drawn as for the simulator (MRI intensities and labels, no acoustics), at the physical
 * scale of the network's field of view. Training on them teaches the anatomy in the ultrasound's
 * geometry (any orientation, a sector of the head) without any ultrasound label.
 */
final class ProbeViews {
  private ProbeViews() {}

  /** {@code perSlice} views of each slice; a view's index is its slice's, so splits stay by slice. */
  static List<LabelledSlice> of(TeacherData data, List<Integer> slices, int perSlice, long seed, int size, double fieldOfViewMm,
      boolean speckle) {
    return of(data, slices, perSlice, seed, size, fieldOfViewMm, speckle, 0, 0);
  }

  /**
   * As above; with speckle, each view's echo also fades with depth by a random 0 to {@code dbPerCmMax}
   * dB/cm and draws its intensity steps along the beam as echoes of a random 0 to {@code specularMax}
   * strength ({@link SpeckleAppearance.Echoes}).
   */
  static List<LabelledSlice> of(TeacherData data, List<Integer> slices, int perSlice, long seed, int size, double fieldOfViewMm,
      boolean speckle, double dbPerCmMax, double specularMax) {
    List<LabelledSlice> out = new ArrayList<>();
    if (perSlice <= 0 || slices.isEmpty()) return out;
    List<ProbeView.View> views = ProbeView.sample(data.image(), data.classes(), slices, perSlice,
        BModeSimulator.defaults().outputSize(), seed, TissueTable.defaults());
    Random rnd = new Random(seed + 1), echoes = new Random(seed + 2);
    for (int i = 0; i < views.size(); i++) {
      ProbeView.View v = views.get(i);
      var e = new SpeckleAppearance.Echoes(v.pixelMm(), echoes.nextDouble() * dbPerCmMax, echoes.nextDouble() * specularMax);
      float[] img = speckle ? SpeckleAppearance.apply(v.t1(), v.sector(), v.size(), e, rnd) : v.t1();
      UltrasoundFrame.Square s = new UltrasoundFrame("view" + i, slices.get(i / perSlice), v.size(), v.size(), v.pixelMm(), img,
          v.sector(), v.labels()).toNetwork(size, fieldOfViewMm);
      out.add(new LabelledSlice(slices.get(i / perSlice), size, s.image(), s.truth()));
    }
    return out;
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
