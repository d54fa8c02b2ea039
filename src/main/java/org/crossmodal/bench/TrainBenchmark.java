package org.crossmodal.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;
import org.crossmodal.transfer.TrainingBench;

/**
 * Training and inference speed of the demo U-Net in DJL, against the same network in PyTorch
 * (Debian python3-torch) run by {@code unet_peer.py} in the same benchmark run, one after the other.
 */
public final class TrainBenchmark {
  /** FP32 peak of this machine kind: an AVX-512 FMA loop, 2 cores (RECIPES §4: ≈ 215 GFLOP/s per core). */
  public static final double PEAK_GFLOPS = 435;

  public record Result(double djlTrain, double djlInfer, double torchTrain, double torchInfer, String torchVersion,
      double forwardGflopPerImage) {}

  private TrainBenchmark() {}

  /**
   * Each side first runs each phase {@code warmup} times untimed, then times {@code steps}.
   */
  public static Result run(UNetConfig arch, int size, int batch, int threads, int steps, int warmup, Path work)
      throws IOException, InterruptedException {
    double[] djl = djl(arch, size, batch, threads, steps, warmup);
    JsonNode torch = peer(arch, size, batch, threads, steps, warmup, work);
    return new Result(djl[0], djl[1], torch.get("trainImagesPerSecond").asDouble(),
        torch.get("inferImagesPerSecond").asDouble(), torch.get("torch").asText(), forwardGflop(arch, size));
  }

  private static double[] djl(UNetConfig arch, int size, int batch, int threads, int steps, int warmup) {
    ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "bench", arch, classNames(arch.classes()), size, 0,
        ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    Random r = new Random(1);
    List<LabelledSlice> data = new ArrayList<>();
    for (int i = 0; i < batch * (steps + 3); i++) {
      float[] img = new float[size * size];
      byte[] lab = new byte[size * size];
      for (int j = 0; j < img.length; j++) {
        img[j] = (float) r.nextGaussian();
        lab[j] = (byte) r.nextInt(arch.classes());
      }
      data.add(new LabelledSlice(i, size, img, lab));
    }
    try (LoadedModel m = LoadedModel.create(d, threads); TrainingBench t = new TrainingBench(m, batch)) {
      for (int i = 0; i < warmup; i++) t.train(data.subList(i % 3 * batch, (i % 3 + 1) * batch));
      long t0 = System.nanoTime();
      t.train(data.subList(3 * batch, data.size()));
      double train = steps * batch / ((System.nanoTime() - t0) / 1e9);
      ModelFile.initialise(m.net(), m.model(), size);
      // The input is created inside each pass's manager: results attach to their first operand's
      // manager, so an input made outside would keep every pass's activations alive to the end.
      float[] input = new float[batch * size * size];
      for (int i = 0; i < input.length; i++) input[i] = (float) r.nextGaussian();
      Shape shape = new Shape(batch, 1, size, size);
      for (int i = 0; i < warmup; i++) forward(m, input, shape);
      long t1 = System.nanoTime();
      for (int i = 0; i < steps; i++) forward(m, input, shape);
      double infer = steps * batch / ((System.nanoTime() - t1) / 1e9);
      return new double[] {train, infer};
    }
  }

  private static void forward(LoadedModel m, float[] input, Shape shape) {
    org.crossmodal.model.Engines.withoutGradients(() -> {
      try (NDManager step = m.model().getNDManager().newSubManager()) {
        NDArray x = step.create(input, shape);
        return m.net().forward(new ParameterStore(step, false), new NDList(x), false).head().softmax(1).toFloatArray();
      }
    });
  }

  private static JsonNode peer(UNetConfig a, int size, int batch, int threads, int steps, int warmup, Path work)
      throws IOException, InterruptedException {
    Path script = work.resolve("unet_peer.py");
    try (InputStream in = TrainBenchmark.class.getResourceAsStream("unet_peer.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "" + a.depth(), "" + a.baseChannels(),
        "" + a.classes(), "" + size, "" + batch, "" + threads, "" + steps, "" + warmup);
    pb.environment().putIfAbsent("ONEDNN_MAX_CPU_ISA", "AVX2"); // the same cap DJL runs under
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes()).strip();
    if (p.waitFor() != 0) {
      throw new IOException("the PyTorch peer failed (is python3-torch installed? bin/crossmodal setup --with bench): " + out);
    }
    return Json.MAPPER.readTree(out.substring(out.lastIndexOf('\n') + 1));
  }

  /** Multiply-adds ×2 of every convolution and the head for one image (pooling, BN, ReLU left out). */
  public static double forwardGflop(UNetConfig a, int size) {
    double flop = 0;
    long cin = a.inChannels();
    for (int i = 0; i < a.depth(); i++) {
      long px = (long) (size >> i) * (size >> i), c = a.channelsAt(i);
      flop += 2.0 * 9 * px * (cin * c + c * c);
      cin = c;
    }
    long bpx = (long) (size >> a.depth()) * (size >> a.depth()), cb = a.channelsAt(a.depth());
    flop += 2.0 * 9 * bpx * (cin * cb + cb * cb);
    for (int i = a.depth() - 1; i >= 0; i--) {
      long px = (long) (size >> i) * (size >> i), c = a.channelsAt(i);
      flop += 2.0 * 9 * px * (a.channelsAt(i + 1) * c);      // up convolution
      flop += 2.0 * 9 * px * (2 * c * c + c * c);            // merge double conv
    }
    flop += 2.0 * size * size * a.channelsAt(0) * a.classes();
    return flop / 1e9;
  }

  private static List<String> classNames(int k) {
    List<String> n = new ArrayList<>();
    for (int i = 0; i < k; i++) n.add("class" + i);
    return n;
  }
}
