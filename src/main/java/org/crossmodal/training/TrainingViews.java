package org.crossmodal.training;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.ImagingAreas;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.FieldView;
import org.crossmodal.simulate.PoseSampler;
import org.crossmodal.simulate.ProbeModel;
import org.crossmodal.simulate.ProbePose;
import org.crossmodal.simulate.RandomBMode;
import org.crossmodal.simulate.SliceInput;
import org.crossmodal.simulate.TissueTable;

/**
 * Labelled MRI as the network should learn it: every training image drawn afresh, either the whole
 * slice (then augmented as MRI) or the slice as a probe frames it, from a pose drawn from a {@link
 * ProbeModel} (any position around the head, any orientation, sector, curvilinear or linear, any
 * opening and depth), at a random scale, with MRI intensities as they are or with a random B-mode
 * look ({@link RandomBMode}). Views are rendered straight into the network's field, as real frames
 * are placed, and normalised over their imaging area. Seeded: the same seed and epoch give the same
 * images, so a resumed epoch sees what it saw.
 */
public final class TrainingViews {
  /**
   * What to draw: {@code probeViews} the share of views among training images, {@code randomLook}
   * the share of views with a random B-mode look, {@code scale} the largest relative change of size,
   * {@code allClasses} the share of images drawn from the slices that hold every class.
   */
  public record Mix(double probeViews, double randomLook, ProbeModel probes, double scale, double allClasses) {}

  /** The mix a configuration asks for, with or without the random looks. */
  public static Mix mix(TeacherConfig.Data d, boolean looks) {
    return new Mix(d.probeViews, looks ? d.randomLook : 0, ProbeModel.ANY, d.viewScale, d.allClassesShare);
  }

  /** The mix of teacher epoch {@code epoch}: the share of views ramped up over {@code viewRampEpochs}. */
  static Mix mix(TeacherConfig.Data d, int epoch) {
    double ramp = d.viewRampEpochs <= 0 ? 1 : Math.min(1, epoch / (double) d.viewRampEpochs);
    return new Mix(d.probeViews * ramp, d.randomLook, ProbeModel.ANY, d.viewScale, d.allClassesShare);
  }

  private final TeacherData data;
  private final Map<Integer, LabelledSlice> whole = new HashMap<>();
  private final Map<Integer, SliceInput> inputs = new HashMap<>();
  private final int size;
  private final double fieldOfViewMm;
  /** The slices whose labels hold every class of the data, found once. */
  private final java.util.Set<Integer> everyClass = new java.util.HashSet<>();

  public TrainingViews(TeacherData data, NetworkGeometry geometry) {
    this.data = data;
    this.size = geometry.inputSize();
    this.fieldOfViewMm = geometry.fieldOfViewMm();
    int max = 0;
    for (LabelledSlice s : data.slices()) {
      whole.put(s.index(), s);
      for (byte b : s.labels()) max = Math.max(max, b);
    }
    for (LabelledSlice s : data.slices()) if (holdsEveryClass(s, max + 1)) everyClass.add(s.index());
  }

  /**
   * One image per slice of {@code slices}, in their order, drawn for {@code epoch}; a share
   * {@code mix.allClasses()} of them from a random slice of {@code slices} that holds every class
   * instead (as nnU-Net oversamples foreground): the rarest class is otherwise missing from whole
   * batches.
   */
  public List<LabelledSlice> epoch(List<Integer> slices, Mix mix, long seed, int epoch) {
    Random rnd = new Random(seed * 1_000_033L + epoch);
    List<Integer> allClasses = slices.stream().filter(everyClass::contains).toList();
    List<LabelledSlice> out = new ArrayList<>(slices.size());
    for (int z : slices) {
      long draw = rnd.nextLong();
      Random r = new Random(draw);
      int k = !allClasses.isEmpty() && r.nextDouble() < mix.allClasses() ? allClasses.get(r.nextInt(allClasses.size())) : z;
      out.add(r.nextDouble() < mix.probeViews() ? view(k, mix.probes(), r.nextDouble() < mix.randomLook(), mix.scale(), r) : whole.get(k));
    }
    return out;
  }

  private static boolean holdsEveryClass(LabelledSlice s, int classes) {
    boolean[] seen = new boolean[classes];
    for (byte b : s.labels()) if (b >= 0 && b < classes) seen[b] = true;
    for (boolean x : seen) if (!x) return false;
    return true;
  }

  /** {@code perSlice} fixed views of each slice (for validation and test), plain or with a random look. */
  public List<LabelledSlice> fixed(List<Integer> slices, int perSlice, ProbeModel probes, boolean randomLook, long seed) {
    Random rnd = new Random(seed);
    List<LabelledSlice> out = new ArrayList<>();
    for (int z : slices) {
      for (int k = 0; k < perSlice; k++) out.add(view(z, probes, randomLook, 0, new Random(rnd.nextLong())));
    }
    return out;
  }

  /** Slice {@code z} as a probe frames it. */
  LabelledSlice view(int z, ProbeModel probes, boolean randomLook, double scale, Random rnd) {
    SliceInput s = input(z);
    ProbePose pose = PoseSampler.sample(s, rnd, probes);
    double factor = Math.exp((rnd.nextDouble() * 2 - 1) * Math.log1p(scale));
    FieldView v = FieldView.render(s, pose, BModeSimulator.defaults().outputSize(), size, fieldOfViewMm, factor);
    float[] img = randomLook ? RandomBMode.render(v, s, pose, rnd) : v.t1();
    boolean[] area = ImagingAreas.fan(img, size, size, v.sector());
    return new LabelledSlice(z, size, SliceGeometry.normalise(img, area), v.labels(), area, randomLook);
  }

  private synchronized SliceInput input(int z) {
    return inputs.computeIfAbsent(z, k -> {
      float[] img = AxialSlices.displaySlice(data.image(), k);
      float[] c = AxialSlices.displaySlice(data.classes(), k);
      byte[] cls = new byte[c.length];
      for (int i = 0; i < c.length; i++) cls[i] = (byte) c[i];
      return SliceInput.of(img, cls, data.image().nx(), data.image().ny(), data.image().sx(), TissueTable.defaults());
    });
  }
}
