package org.crossmodal.simulate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.data.Volume;

/**
 * Simulates frames from axial slices of a labelled volume: every slice equally often (the order
 * within each round over the slices shuffled), probe pose and physics drawn from one seeded
 * generator, each frame's speckle seeded from it too, so a seed fixes every frame.
 */
public final class SimulatedFrames {
  /** One simulated frame with where it came from and how it was acquired. */
  public record Sample(int slice, ProbePose pose, Physics physics, BModeSimulator.Frame frame) {}

  /**
   * How frames are acquired: the probes poses are drawn from, the tissue table (null: the caller's),
   * and the ranges each frame's physics is drawn from (null: that table with the simulator's fixed
   * defaults for every frame).
   */
  public record Acquisition(ProbeModel probes, TissueTable tissues, Physics.Ranges physics) {
    /** The transcranial probe with fixed physics: every frame looks alike but for pose and speckle. */
    public static final Acquisition FIXED = new Acquisition(ProbeModel.TRANSCRANIAL, null, null);
    /** The transcranial probe with each frame's physics drawn from wide ranges. */
    public static final Acquisition RANDOMISED = new Acquisition(ProbeModel.TRANSCRANIAL, null, Physics.Ranges.WIDE);
    /**
     * A second check that nothing is trained or tuned on: a curvilinear probe at 3.5–5 MHz (the
     * training frames come from a 2–3.5 MHz phased array) and tissues the default table does not have,
     * among them deep grey nuclei brighter than white matter and sparse scatterers.
     */
    public static final Acquisition HELD_OUT = new Acquisition(ProbeModel.HELD_OUT, TissueTable.heldOut(), Physics.Ranges.HELD_OUT);
    /** What {@link #HELD_OUT} is, for tables and metrics. */
    public static final String HELD_OUT_DESCRIPTION = "curvilinear probe at 3.5-5 MHz, held-out tissue table and physics (never trained or tuned on)";
  }

  private SimulatedFrames() {}

  public static List<Sample> generate(Volume t1, Volume classes, List<Integer> slices, int frames, long seed,
      BModeSimulator simulator, TissueTable table) throws IOException {
    return generate(t1, classes, slices, frames, seed, simulator, table, Acquisition.FIXED);
  }

  public static List<Sample> generate(Volume t1, Volume classes, List<Integer> slices, int frames, long seed,
      BModeSimulator simulator, TissueTable table, Acquisition acquisition) throws IOException {
    if (slices.isEmpty()) throw new IOException("no slices to simulate from");
    Random rnd = new Random(seed);
    List<Sample> out = new ArrayList<>();
    List<Integer> round = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      if (round.isEmpty()) {
        round.addAll(slices);
        Collections.shuffle(round, rnd);
      }
      int z = round.remove(round.size() - 1);
      float[] img = AxialSlices.displaySlice(t1, z);
      float[] c = AxialSlices.displaySlice(classes, z);
      byte[] cls = new byte[c.length];
      for (int i = 0; i < c.length; i++) cls[i] = (byte) c[i];
      TissueTable tissues = acquisition.tissues() == null ? table : acquisition.tissues();
      SliceInput s = SliceInput.of(img, cls, t1.nx(), t1.ny(), t1.sx(), tissues);
      ProbePose pose = PoseSampler.sample(s, rnd, acquisition.probes());
      Physics physics = acquisition.physics() == null ? Physics.fixed(tissues) : acquisition.physics().draw(tissues, rnd);
      out.add(new Sample(z, pose, physics, simulator.simulate(s, pose, physics, rnd.nextLong())));
    }
    return out;
  }
}
