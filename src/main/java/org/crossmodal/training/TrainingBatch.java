package org.crossmodal.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.crossmodal.data.LabelledSlice;

/** What every training step here feeds the network. */
public final class TrainingBatch {
  private TrainingBatch() {}

  /** [images (N,1,H,W), labels (N,H,W), weights (N,H,W)]; ignored pixels (label −1) weigh 0. */
  public static NDList of(NDManager m, List<LabelledSlice> b, int size) {
    int n = b.size(), px = size * size;
    float[] x = new float[n * px], y = new float[n * px], w = new float[n * px];
    for (int i = 0; i < n; i++) {
      LabelledSlice s = b.get(i);
      System.arraycopy(s.image(), 0, x, i * px, px);
      for (int j = 0; j < px; j++) {
        y[i * px + j] = Math.max(0, s.labels()[j]);
        w[i * px + j] = s.labels()[j] < 0 ? 0 : 1;
      }
    }
    return new NDList(m.create(x, new Shape(n, 1, size, size)), m.create(y, new Shape(n, size, size)),
        m.create(w, new Shape(n, size, size)));
  }
}
