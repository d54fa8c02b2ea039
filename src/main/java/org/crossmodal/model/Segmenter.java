package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.crossmodal.data.SliceGeometry;

/**
 * Inference on images of any size: each image is padded to a square, resized to the network's
 * input, normalised; class probabilities are resized back. Optional Monte-Carlo dropout samples and
 * left-right flip test-time augmentation are averaged. One sub-manager per batch keeps memory flat.
 */
public final class Segmenter {
  private final LoadedModel model;
  private final int batch;
  private final int domain;

  public record Options(int monteCarloSamples, boolean flipAugmentation) {
    public static Options plain() {
      return new Options(0, false);
    }
  }

  /** Probabilities per class over the image, and the most probable class per pixel. */
  public record Prediction(int width, int height, float[][] probabilities, byte[] labels) {}

  /** For MRI, or any image that is not ultrasound. */
  public Segmenter(LoadedModel model, int batch) {
    this(model, batch, DomainSwitch.MRI);
  }

  /** {@code domain}: which batch-norm statistics to use ({@link DomainSwitch}). */
  public Segmenter(LoadedModel model, int batch, int domain) {
    this.model = model;
    this.batch = batch;
    this.domain = domain;
  }

  /** A segmenter for ultrasound when the model has adapted statistics for it, else for MRI. */
  public static Segmenter forModality(LoadedModel model, int batch, boolean ultrasound) {
    return new Segmenter(model, batch, model.descriptor().domainFor(ultrasound));
  }

  public Prediction predict(float[] image, int width, int height, Options o) {
    return predictAll(List.of(image), width, height, 0, o).get(0);
  }

  /**
   * Several images of one size, run through the network in batches. With a pixel size (mm, 0 if
   * unknown) and a model that knows its field of view, images are brought to the training scale.
   */
  public List<Prediction> predictAll(List<float[]> images, int width, int height, double pixelMm, Options o) {
    int size = model.descriptor().inputSize();
    int side = side(width, height, pixelMm);
    List<float[]> squares = images.stream()
        .map(img -> SliceGeometry.normalise(SliceGeometry.toField(img, width, height, side, size))).toList();
    List<float[][]> probs = predictSquares(squares, o);
    List<Prediction> out = new java.util.ArrayList<>(images.size());
    for (float[][] p : probs) {
      float[][] back = new float[p.length][];
      for (int c = 0; c < p.length; c++) back[c] = SliceGeometry.fromField(p[c], size, width, height, side);
      out.add(new Prediction(width, height, back, argmax(back)));
    }
    return out;
  }

  /** The square (in image pixels) that the network's input covers for an image of this size. */
  public int side(int width, int height, double pixelMm) {
    return SliceGeometry.side(width, height, pixelMm, model.descriptor().fieldOfViewMm());
  }

  /** Class probabilities for already square, normalised network inputs: [image][class][pixel]. */
  public List<float[][]> predictSquares(List<float[]> squares, Options o) {
    return Engines.withoutGradients(() -> predictSquaresRecorded(squares, o));
  }

  private List<float[][]> predictSquaresRecorded(List<float[]> squares, Options o) {
    int size = model.descriptor().inputSize(), k = model.descriptor().classes().size(), px = size * size;
    UNet net = model.net();
    int passes = Math.max(1, o.monteCarloSamples()) * (o.flipAugmentation() ? 2 : 1);
    float[][][] out = new float[squares.size()][k][px];
    try (ModeScope statistics = net.domain().use(domain); ModeScope dropout = net.monteCarloDropout(o.monteCarloSamples() > 0)) {
      for (int start = 0; start < squares.size(); start += batch) {
        int n = Math.min(batch, squares.size() - start);
        float[] data = new float[n * px];
        for (int i = 0; i < n; i++) System.arraycopy(squares.get(start + i), 0, data, i * px, px);
        try (NDManager sub = model.model().getNDManager().newSubManager()) {
          NDArray x = sub.create(data, new Shape(n, 1, size, size));
          ParameterStore ps = new ParameterStore(sub, false);
          NDArray sum = null;
          for (int p = 0; p < passes; p++) {
            boolean flip = o.flipAugmentation() && p % 2 == 1;
            NDArray in = flip ? x.flip(3) : x;
            NDArray prob = net.forward(ps, new NDList(in), false).head().softmax(1);
            if (flip) prob = prob.flip(3);
            sum = sum == null ? prob : sum.add(prob);
          }
          float[] flat = sum.div(passes).toFloatArray();
          for (int i = 0; i < n; i++) {
            for (int c = 0; c < k; c++) System.arraycopy(flat, (i * k + c) * px, out[start + i][c], 0, px);
          }
        }
      }
    }
    return List.of(out);
  }

  public static byte[] argmax(float[][] probs) {
    int n = probs[0].length;
    byte[] out = new byte[n];
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int c = 1; c < probs.length; c++) if (probs[c][i] > probs[best][i]) best = c;
      out[i] = (byte) best;
    }
    return out;
  }
}
