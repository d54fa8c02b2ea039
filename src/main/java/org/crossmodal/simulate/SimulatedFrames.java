package org.crossmodal.simulate;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.data.Volume;

/**
 * Simulates frames from axial slices of a labelled volume: slice and probe pose drawn from one
 * seeded generator, each frame's speckle seeded from it too, so a seed fixes every frame.
 */
public final class SimulatedFrames {
  /** One simulated frame with where it came from. */
  public record Sample(int slice, ProbePose pose, BModeSimulator.Frame frame) {}

  private SimulatedFrames() {}

  public static List<Sample> generate(Volume t1, Volume classes, List<Integer> slices, int frames, long seed,
      BModeSimulator simulator, TissueTable table) throws IOException {
    if (slices.isEmpty()) throw new IOException("no slices to simulate from");
    Random rnd = new Random(seed);
    List<Sample> out = new ArrayList<>();
    for (int f = 0; f < frames; f++) {
      int z = slices.get(rnd.nextInt(slices.size()));
      float[] img = AxialSlices.displaySlice(t1, z);
      float[] c = AxialSlices.displaySlice(classes, z);
      byte[] cls = new byte[c.length];
      for (int i = 0; i < c.length; i++) cls[i] = (byte) c[i];
      SliceInput s = SliceInput.of(img, cls, t1.nx(), t1.ny(), t1.sx(), table);
      ProbePose pose = PoseSampler.sample(s, rnd);
      out.add(new Sample(z, pose, simulator.simulate(s, pose, rnd.nextLong())));
    }
    return out;
  }
}
