package org.crossmodal.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * Adaptive batch normalisation (AdaBN, Li et al. 2016): the ultrasound batch norms start as copies
 * of the MRI ones, then their running statistics are re-estimated from ultrasound images alone.
 */
public final class DomainStatistics {
  private DomainStatistics() {}

  /** Copies scale, shift and running statistics of every MRI batch norm into its ultrasound twin. */
  public static void copyMriToUltrasound(UNet net) {
    for (DomainBatchNorm d : domainNorms(net)) {
      var from = d.norm(DomainSwitch.MRI).getParameters();
      var to = d.norm(DomainSwitch.ULTRASOUND).getParameters();
      for (int i = 0; i < from.size(); i++) from.get(i).getValue().getArray().copyTo(to.get(i).getValue().getArray());
    }
  }

  /**
   * Re-estimates the ultrasound running statistics: {@code passes} training-mode passes over the
   * images in batches, without gradients. The batch norms' momentum makes the last passes dominate,
   * so two or more passes forget the MRI statistics they started from.
   */
  public static void estimate(UNet net, NDManager manager, List<float[]> squares, int size, int batch, int passes) {
    try (ModeScope ultrasound = net.domain().use(DomainSwitch.ULTRASOUND)) {
      Engines.withoutGradients(() -> {
        int px = size * size;
        for (int p = 0; p < passes; p++) {
          for (int start = 0; start < squares.size(); start += batch) {
            int n = Math.min(batch, squares.size() - start);
            if (n < 2) continue; // a batch of one has no variance to measure
            float[] data = new float[n * px];
            for (int i = 0; i < n; i++) System.arraycopy(squares.get(start + i), 0, data, i * px, px);
            try (NDManager sub = manager.newSubManager()) {
              net.forward(new ParameterStore(sub, false), new NDList(sub.create(data, new Shape(n, 1, size, size))), true);
            }
          }
        }
        return null;
      });
    }
  }

  static List<DomainBatchNorm> domainNorms(Block b) {
    List<DomainBatchNorm> out = new ArrayList<>();
    if (b instanceof DomainBatchNorm d) {
      out.add(d);
      return out;
    }
    for (Pair<String, Block> c : b.getChildren()) out.addAll(domainNorms(c.getValue()));
    return out;
  }

  /** Parameters of two networks of one architecture, in the same order (for copies and averages). */
  public static List<Pair<Parameter, Parameter>> pairs(Block a, Block b) {
    var pa = a.getParameters();
    var pb = b.getParameters();
    if (pa.size() != pb.size()) throw new IllegalArgumentException("networks differ: " + pa.size() + " vs " + pb.size() + " parameters");
    List<Pair<Parameter, Parameter>> out = new ArrayList<>();
    for (int i = 0; i < pa.size(); i++) out.add(new Pair<>(pa.get(i).getValue(), pb.get(i).getValue()));
    return out;
  }
}
