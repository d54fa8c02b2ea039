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
import java.util.function.ToDoubleFunction;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.io.Json;
import org.crossmodal.model.CpuFeatures;
import org.crossmodal.model.Engines;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.UNetConfig;
import org.crossmodal.training.TrainingBench;

/**
 * Training and inference speed of the demo U-Net in DJL, against the same network in PyTorch
 * (Debian python3-torch) run by {@code unet_peer.py}. The two sides take turns for several rounds,
 * each round timing DJL and then the peer, so that a slow spell of this shared machine lands on
 * both; the ratios reported are medians over the rounds.
 */
public final class TrainBenchmark {
  /** One round: DJL and the PyTorch peer timed back to back, in images per second. */
  public record Round(double djlTrain, double djlInfer, double torchTrain, double torchInfer) {
    public double trainRatio() {
      return djlTrain / torchTrain;
    }

    public double inferRatio() {
      return djlInfer / torchInfer;
    }
  }

  /** How the PyTorch peer ran: its version, oneDNN's ISA report and forward kernel, its cap (none unless the user set one), precision. */
  public record PeerSetup(String torchVersion, String onednnIsa, String convolutionKernel, String isaCap, String precision) {}

  /**
   * Self time per libtorch operator in ms per training step and per inference pass (batch), DJL from
   * libtorch's profiler, the peer from torch.autograd.profiler; empty unless asked for.
   */
  public record Profile(Map<String, Double> djlTrain, Map<String, Double> djlInfer, Map<String, Double> torchTrain,
      Map<String, Double> torchInfer) {}

  public record Result(List<Round> rounds, PeerSetup peer, double forwardGflopPerImage, Profile profile) {
    public double median(ToDoubleFunction<Round> figure) {
      double[] v = rounds.stream().mapToDouble(figure).sorted().toArray();
      return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
  }

  private TrainBenchmark() {}

  /**
   * FP32 peak of {@code cores} cores of this machine kind, from the widest vector FMA its CPU flags
   * offer: a register-only FMA loop measured ≈ 215 GFLOP/s per core with AVX-512 and ≈ 108 with
   * AVX2 (RECIPES §4). Not every machine of the kind has AVX-512, so the flags decide.
   */
  public record Peak(String vectorUnit, double perCore, double gflops) {
    public static Peak of(int cores) {
      CpuFeatures cpu = CpuFeatures.current();
      double perCore = cpu.avx512() ? 215.0 : 108.0;
      return new Peak(cpu.avx512() ? "AVX-512" : "AVX2", perCore, cores * perCore);
    }
  }

  /**
   * Each side first runs each phase {@code warmup} times untimed (the peer in every round, as it is
   * a new process), then times {@code steps} passes of it. With {@code profile}, after the rounds both
   * sides profile {@value #PROFILED} training steps and inference passes.
   */
  public static Result run(UNetConfig arch, int size, int batch, int threads, int steps, int warmup, int rounds, boolean profile,
      Path work) throws IOException, InterruptedException {
    List<Round> done = new ArrayList<>();
    PeerSetup setup = null;
    Profile prof = null;
    try (DjlSide djl = new DjlSide(arch, size, batch, threads, steps)) {
      djl.warmUp(warmup);
      for (int r = 0; r < rounds; r++) {
        double train = djl.train(), infer = djl.infer();
        JsonNode torch = peer(arch, size, batch, threads, steps, warmup, false, work);
        setup = new PeerSetup(torch.get("torch").asText(), torch.path("onednnIsa").asText("unknown"),
            torch.path("convolutionKernel").asText("unknown"), torch.path("isaCap").asText("none"),
            torch.path("precision").asText("fp32"));
        done.add(new Round(train, infer, torch.get("trainImagesPerSecond").asDouble(), torch.get("inferImagesPerSecond").asDouble()));
      }
      if (profile) {
        Map<String, Double>[] d = djl.profile(work);
        JsonNode torch = peer(arch, size, batch, threads, steps, warmup, true, work);
        prof = new Profile(d[0], d[1], ops(torch.path("profileTrain")), ops(torch.path("profileInfer")));
      }
    }
    return new Result(done, setup, forwardGflop(arch, size), prof);
  }

  static final int PROFILED = 3;

  private static Map<String, Double> ops(JsonNode n) {
    Map<String, Double> m = new java.util.LinkedHashMap<>();
    n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asDouble()));
    return m;
  }

  /**
   * Self time per operator name (ms per pass over {@code passes}) from a libtorch profiler trace:
   * per thread, an event's children are the events that start and end inside it.
   */
  static Map<String, Double> selfTimes(Path trace, int passes) throws IOException {
    JsonNode root = Json.MAPPER.readTree(trace.toFile());
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    record Ev(String name, double ts, double dur, long tid) {}
    List<Ev> evs = new ArrayList<>();
    for (JsonNode e : events) {
      if ("X".equals(e.path("ph").asText())) {
        evs.add(new Ev(e.path("name").asText(), e.path("ts").asDouble(), e.path("dur").asDouble(), e.path("tid").asLong()));
      }
    }
    evs.sort(java.util.Comparator.comparingLong(Ev::tid).thenComparingDouble(Ev::ts).thenComparingDouble(e -> -e.dur()));
    Map<String, Double> self = new java.util.HashMap<>();
    java.util.ArrayDeque<double[]> stack = new java.util.ArrayDeque<>();
    List<Map.Entry<String, double[]>> all = new ArrayList<>();
    long tid = Long.MIN_VALUE;
    for (Ev e : evs) {
      if (e.tid() != tid) {
        stack.clear();
        tid = e.tid();
      }
      while (!stack.isEmpty() && stack.peek()[0] + stack.peek()[1] <= e.ts() + 1e-3) stack.pop();
      if (!stack.isEmpty()) stack.peek()[2] -= e.dur();
      double[] rec = {e.ts(), e.dur(), e.dur()};
      stack.push(rec);
      all.add(Map.entry(e.name(), rec));
    }
    for (Map.Entry<String, double[]> e : all) self.merge(e.getKey(), e.getValue()[2] / 1000 / passes, Double::sum);
    return self;
  }

  /** The production training step and inference pass on random images and labels. */
  private static final class DjlSide implements AutoCloseable {
    private final LoadedModel model;
    private final TrainingBench training;
    private final List<LabelledSlice> data = new ArrayList<>();
    private final float[] input;
    private final Shape shape;
    private final int batch, steps;

    DjlSide(UNetConfig arch, int size, int batch, int threads, int steps) {
      this.batch = batch;
      this.steps = steps;
      ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "bench", arch, classNames(arch.classes()), size, 0,
          ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
      Random r = new Random(1);
      for (int i = 0; i < batch * (steps + 3); i++) {
        float[] img = new float[size * size];
        byte[] lab = new byte[size * size];
        for (int j = 0; j < img.length; j++) {
          img[j] = (float) r.nextGaussian();
          lab[j] = (byte) r.nextInt(arch.classes());
        }
        data.add(new LabelledSlice(i, size, img, lab));
      }
      input = new float[batch * size * size];
      for (int i = 0; i < input.length; i++) input[i] = (float) r.nextGaussian();
      shape = new Shape(batch, 1, size, size);
      model = LoadedModel.create(d, threads);
      // Training as the training commands run it, inference as segment, batch and pseudo-label do.
      model.net().setPrecision(Engines.choice().training(), Engines.choice().inferenceOnly());
      training = new TrainingBench(model, batch);
    }

    /** Self time per operator over {@value #PROFILED} training steps and inference passes: [training, inference]. */
    @SuppressWarnings("unchecked")
    Map<String, Double>[] profile(Path work) throws IOException {
      Path trace = work.resolve("djl-train-trace.json");
      ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
      training.train(data.subList(0, PROFILED * batch));
      ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toString());
      Map<String, Double> train = selfTimes(trace, PROFILED);
      trace = work.resolve("djl-infer-trace.json");
      ai.djl.pytorch.jni.JniUtils.startProfile(false, false, false);
      for (int i = 0; i < PROFILED; i++) forward();
      ai.djl.pytorch.jni.JniUtils.stopProfile(trace.toString());
      return new Map[] {train, selfTimes(trace, PROFILED)};
    }

    void warmUp(int passes) {
      for (int i = 0; i < passes; i++) training.train(data.subList(i % 3 * batch, (i % 3 + 1) * batch));
      for (int i = 0; i < passes; i++) forward();
    }

    double train() {
      long t0 = System.nanoTime();
      training.train(data.subList(3 * batch, data.size()));
      return steps * batch / ((System.nanoTime() - t0) / 1e9);
    }

    double infer() {
      long t0 = System.nanoTime();
      for (int i = 0; i < steps; i++) forward();
      return steps * batch / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * The input is created inside each pass's manager: results attach to their first operand's
     * manager, so an input made outside would keep every pass's activations alive to the end.
     */
    private void forward() {
      Engines.withoutGradients(() -> {
        try (NDManager step = model.model().getNDManager().newSubManager()) {
          NDArray x = step.create(input, shape);
          return model.net().forward(new ParameterStore(step, false), new NDList(x), false).head().softmax(1).toFloatArray();
        }
      });
    }

    @Override
    public void close() {
      training.close();
      model.close();
    }
  }

  private static JsonNode peer(UNetConfig a, int size, int batch, int threads, int steps, int warmup, boolean profile, Path work)
      throws IOException, InterruptedException {
    Path script = work.resolve("unet_peer.py");
    try (InputStream in = TrainBenchmark.class.getResourceAsStream("unet_peer.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", script.toString(), "" + a.depth(), "" + a.baseChannels(),
        "" + a.classes(), "" + size, "" + batch, "" + threads, "" + steps, "" + warmup, profile ? "profile" : "time");
    // As a PyTorch user runs it: no ISA cap and oneDNN's default (strict fp32) math, whatever DJL's side runs with.
    pb.environment().remove("ONEDNN_MAX_CPU_ISA");
    pb.environment().remove("ONEDNN_DEFAULT_FPMATH_MODE");
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
