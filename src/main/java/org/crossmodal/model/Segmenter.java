package org.crossmodal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import org.crossmodal.data.InputFit;
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

  /** {@link #predictAll(List, List, int, int, double, Options)} with each image's head region as its imaged region. */
  public List<Prediction> predictAll(List<float[]> images, int width, int height, double pixelMm, Options o) {
    return predictAll(images, (List<boolean[]>) null, width, height, pixelMm, o);
  }

  /** The same with one imaged region (an ultrasound's sector) for all images; null: each image's head region. */
  public List<Prediction> predictAll(List<float[]> images, boolean[] region, int width, int height, double pixelMm, Options o) {
    return predictAll(images, region == null ? null : java.util.Collections.nCopies(images.size(), region), width, height, pixelMm, o);
  }

  /**
   * Several images of one size, run through the network in batches. With a pixel size (mm, 0 if
   * unknown) and a model that knows its field of view, images are brought to the training scale.
   * {@code regions} (one per image) are the imaged areas whose statistics normalise the inputs;
   * null: each image's {@link SliceGeometry#headRegion}.
   */
  public List<Prediction> predictAll(List<float[]> images, List<boolean[]> regions, int width, int height, double pixelMm,
      Options o) {
    int size = model.descriptor().inputSize();
    int side = side(width, height, pixelMm);
    boolean regional = model.descriptor().normalisesOverRegion();
    List<float[]> squares = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) {
      float[] img = images.get(i);
      if (regions != null) {
        // Outside an acquisition's imaging area there is no echo: text and annotations never reach the network.
        img = img.clone();
        boolean[] area = regions.get(i);
        for (int p = 0; p < img.length; p++) if (!area[p]) img[p] = 0;
      }
      boolean[] r = !regional ? null : SliceGeometry.maskToField(regions != null ? regions.get(i)
          : SliceGeometry.headRegion(img, width, height), width, height, side, size);
      squares.add(SliceGeometry.normalise(SliceGeometry.toField(img, width, height, side, size), r));
    }
    List<float[][]> probs = predictSquares(squares, o);
    List<Prediction> out = new java.util.ArrayList<>(images.size());
    for (float[][] p : probs) {
      float[][] back = new float[p.length][];
      for (int c = 0; c < p.length; c++) back[c] = SliceGeometry.fromField(p[c], size, width, height, side);
      out.add(new Prediction(width, height, back, argmax(back)));
    }
    return out;
  }

  /**
   * Several images of one size over the windows of {@code fit} ({@link InputFit}): nothing of the
   * imaging area is left out, and where windows overlap their probabilities are averaged. With
   * {@code areas} (one per image; null: none, each window is then normalised over its image's head
   * region as {@link #predictAll} does), each image is zeroed outside its area (no text or calibration
   * marks reach the network), the area's statistics normalise the input (when several windows cover
   * it, each over the part it holds), and the answer outside it is background with certainty.
   */
  public List<Prediction> predictFitted(List<float[]> images, List<boolean[]> areas, InputFit fit, Options o) {
    int w = fit.width(), h = fit.height(), k = model.descriptor().classes().size(), n = w * h;
    List<float[][]> sums = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < images.size(); i++) sums.add(new float[k][n]);
    float[] count = new float[n];
    for (int win = 0; win < fit.windows().size(); win++) {
      final int wi = win;
      List<float[]> crops = images.stream().map(img -> fit.window(img, wi)).toList();
      List<boolean[]> regions = areas == null ? null : areas.stream().map(a -> fit.window(a, wi)).toList();
      List<Prediction> p = predictAll(crops, regions, fit.side(), fit.side(), 0, o);
      float[] once = new float[n];
      for (int i = 0; i < p.size(); i++) {
        for (int c = 0; c < k; c++) fit.add(p.get(i).probabilities()[c], wi, sums.get(i)[c], i == 0 && c == 0 ? count : once);
      }
    }
    List<Prediction> out = new java.util.ArrayList<>(images.size());
    for (int i = 0; i < sums.size(); i++) {
      float[][] sum = sums.get(i);
      boolean[] area = areas == null ? null : areas.get(i);
      for (int p = 0; p < n; p++) {
        boolean outside = count[p] == 0 || area != null && !area[p];
        for (int c = 0; c < k; c++) sum[c][p] = outside ? (c == 0 ? 1 : 0) : sum[c][p] / count[p];
      }
      out.add(new Prediction(w, h, sum, argmax(sum)));
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
