package org.crossmodal.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One side of the oneDNN ISA self-test, run in a JVM of its own because oneDNN reads its ISA cap
 * ({@code ONEDNN_MAX_CPU_ISA}) once per process: {@link IsaProbe} starts one child with the AVX2 cap
 * (the reference) and one uncapped, which where the CPU has bf16 units also runs every case in bf16
 * ({@link Bf16}: bf16 input and weights, fp32 gradients for the fp32 originals), and compares what
 * they wrote.
 *
 * <p>Every 3×3 convolution of the U-Net at its own shapes (channels and image side per level; the
 * libtorch operator the network runs through oneDNN), in both layouts the network uses (the default
 * contiguous one and channels-last), forward and backward (input, weight and bias gradients), on the
 * same seeded inputs in every process. Each case runs twice: a kernel that is not repeatable (a race)
 * shows as a difference between the two passes. Each tensor is summarised by whether it is finite,
 * its sum, L1 and L2 norms, the difference of its two halves' sums and 2 048 evenly spaced elements in the logical
 * (N, C, H, W) order, so the processes compare without writing whole tensors.
 */
public final class IsaSelfTest {
  /** Bumped when the test changes, so a cached verdict from another test is not reused. */
  public static final int VERSION = 1;
  static final int SAMPLES = 2048;
  private static final String[] TENSORS = {"output", "inputGradient", "weightGradient", "biasGradient"};

  private IsaSelfTest() {}

  /** One convolution of the network: input and output channels, image side, layout. */
  public record Case(int in, int out, int side, boolean channelsLast) {
    public String name() {
      return in + "->" + out + "@" + side + (channelsLast ? " channels-last" : " contiguous");
    }
  }

  /** The distinct 3×3 convolutions of a U-Net of this shape on square images of {@code size}, in both layouts. */
  public static List<Case> cases(UNetConfig a, int size) {
    LinkedHashSet<List<Integer>> convs = new LinkedHashSet<>();
    int cin = a.inChannels();
    for (int i = 0; i < a.depth(); i++) {
      int c = a.channelsAt(i), side = size >> i;
      convs.add(List.of(cin, c, side));
      convs.add(List.of(c, c, side));
      cin = c;
    }
    int cb = a.channelsAt(a.depth()), sb = size >> a.depth();
    convs.add(List.of(cin, cb, sb));
    convs.add(List.of(cb, cb, sb));
    for (int i = a.depth() - 1; i >= 0; i--) {
      int c = a.channelsAt(i), side = size >> i;
      convs.add(List.of(a.channelsAt(i + 1), c, side)); // up convolution
      convs.add(List.of(2 * c, c, side));               // merge, on the concatenation
      convs.add(List.of(c, c, side));
    }
    List<Case> out = new ArrayList<>();
    for (boolean cl : new boolean[] {false, true}) {
      for (List<Integer> c : convs) out.add(new Case(c.get(0), c.get(1), c.get(2), cl));
    }
    return out;
  }

  /** A tensor's summary; {@code sample} holds evenly spaced elements in logical order. */
  public record Summary(boolean finite, double sum, double l1, double l2, double projection, float[] sample) {}

  /** What one process computed: per case and tensor name, its summary; the worst repeat difference in fp32 and in bf16. */
  public record Run(Map<String, Summary> tensors, double repeatDifference, double repeatDifferenceBf16, double seconds) {}

  /**
   * Child entry point: {@code OUT BATCH SIZE DEPTH BASE_CHANNELS THREADS [bf16]}. Starts the engine as
   * {@link Engines} would (offline, same threads) but leaves the ISA to the environment it was given,
   * runs every case (also in bf16 if asked) and writes the summaries to {@code OUT}.
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    int batch = Integer.parseInt(args[1]), size = Integer.parseInt(args[2]);
    UNetConfig arch = new UNetConfig(Integer.parseInt(args[3]), Integer.parseInt(args[4]), 1, 3, 0, 1);
    int threads = Integer.parseInt(args[5]);
    System.setProperty("ai.djl.offline", "true");
    System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
    System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    Engine engine = Engine.getEngine("PyTorch");
    write(out, run(engine, cases(arch, size), batch, args.length > 6 && args[6].equals("bf16")));
  }

  /** Suffix of the tensor names of the bf16 passes. */
  public static final String BF16 = " bf16";

  static Run run(Engine engine, List<Case> cases, int batch, boolean bf16) {
    long t0 = System.nanoTime();
    Map<String, Summary> all = new LinkedHashMap<>();
    double repeat = 0, repeatBf16 = 0;
    for (Case c : cases) {
      try (NDManager m = engine.newBaseManager()) {
        NDArray[] inputs = inputs(m, c, batch);
        for (boolean half : bf16 ? new boolean[] {false, true} : new boolean[] {false}) {
          Summary[] first = pass(engine, inputs, half), second = pass(engine, inputs, half);
          for (int t = 0; t < TENSORS.length; t++) {
            String name = c.name() + " " + TENSORS[t] + (half ? BF16 : "");
            all.put(name, first[t]);
            if (half) repeatBf16 = Math.max(repeatBf16, difference(first[t], second[t]));
            else repeat = Math.max(repeat, difference(first[t], second[t]));
            if (!second[t].finite()) all.put(name + " (repeat)", second[t]);
          }
        }
      }
    }
    return new Run(all, repeat, repeatBf16, (System.nanoTime() - t0) / 1e9);
  }

  /** The case's seeded input, weight, bias and output gradient, the same in every process. */
  private static NDArray[] inputs(NDManager m, Case c, int batch) {
    SplittableRandom r = new SplittableRandom(31L * c.in() + 7L * c.out() + c.side());
    int s = c.side();
    NDArray x = layout(m.create(uniform(r, (long) batch * c.in() * s * s, 1f), new Shape(batch, c.in(), s, s)), c);
    NDArray w = m.create(uniform(r, (long) c.out() * c.in() * 9, (float) (1 / Math.sqrt(9.0 * c.in()))),
        new Shape(c.out(), c.in(), 3, 3));
    NDArray b = m.create(uniform(r, c.out(), 0.1f));
    NDArray g = layout(m.create(uniform(r, (long) batch * c.out() * s * s, 1f), new Shape(batch, c.out(), s, s)), c);
    return new NDArray[] {x, w, b, g};
  }

  /** One forward and backward pass of a case; in bf16, input, weight and bias are cast (fp32 gradients come back). */
  private static Summary[] pass(Engine engine, NDArray[] in, boolean bf16) {
    try (NDManager m = in[0].getManager().newSubManager()) {
      NDArray x = in[0].duplicate(), w = in[1].duplicate(), b = in[2].duplicate();
      x.attach(m);
      w.attach(m);
      b.attach(m);
      x.setRequiresGradient(true);
      w.setRequiresGradient(true);
      b.setRequiresGradient(true);
      NDArray y;
      try (GradientCollector gc = engine.newGradientCollector()) {
        if (bf16) {
          y = Conv2d.conv2d(Bf16.toBf16(x, m), Bf16.toBf16(w, m), Bf16.toBf16(b, m), new Shape(1, 1), new Shape(1, 1),
              new Shape(1, 1), 1).head();
          y = Bf16.toFp32(y, m);
        } else {
          y = Conv2d.conv2d(x, w, b, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1), 1).head();
        }
        gc.backward(y.mul(in[3]).sum());
      }
      return new Summary[] {summary(y), summary(x.getGradient()), summary(w.getGradient()), summary(b.getGradient())};
    }
  }

  private static NDArray layout(NDArray x, Case c) {
    return c.channelsLast() ? UNet.channelsLast(x) : x;
  }

  private static float[] uniform(SplittableRandom r, long n, float scale) {
    float[] v = new float[Math.toIntExact(n)];
    for (int i = 0; i < v.length; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
    return v;
  }

  private static Summary summary(NDArray a) {
    NDArray flat = a.reshape(-1); // logical order whatever the layout
    long n = flat.size();
    double sum = flat.sum().getFloat(), l1 = flat.abs().sum().getFloat(), l2 = Math.sqrt(flat.square().sum().getFloat());
    boolean finite = Double.isFinite(l1) && Double.isFinite(l2); // a NaN or infinity anywhere makes both non-finite
    long half = n / 2;
    double projection = flat.get("0:" + half).sum().getFloat() - flat.get(half + ":").sum().getFloat();
    long step = Math.max(1, n / SAMPLES);
    float[] sample = flat.get(new NDIndex("0:" + Math.min(n, step * SAMPLES) + ":" + step)).toFloatArray();
    return new Summary(finite, sum, l1, l2, projection, sample);
  }

  /**
   * How far {@code b} is from {@code a}: the largest of the sampled element differences relative to
   * the root mean square of {@code a}'s sample, and of the sum and projection differences relative to its L1
   * norm and the norm difference relative to its L2 norm. Non-finite values give infinity.
   */
  public static double difference(Summary a, Summary b) {
    if (!a.finite() || !b.finite() || a.sample().length != b.sample().length) return Double.POSITIVE_INFINITY;
    double rms = Math.max(Math.sqrt(sumSquares(a.sample()) / Math.max(1, a.sample().length)), 1e-12);
    double worst = 0;
    for (int i = 0; i < a.sample().length; i++) worst = Math.max(worst, Math.abs(a.sample()[i] - b.sample()[i]) / rms);
    double l1 = Math.max(a.l1(), 1e-12), l2 = Math.max(a.l2(), 1e-12);
    worst = Math.max(worst, Math.abs(a.sum() - b.sum()) / l1);
    worst = Math.max(worst, Math.abs(a.projection() - b.projection()) / l1);
    worst = Math.max(worst, Math.abs(a.l2() - b.l2()) / l2);
    return Double.isNaN(worst) ? Double.POSITIVE_INFINITY : worst;
  }

  private static double sumSquares(float[] v) {
    double s = 0;
    for (float x : v) s += (double) x * x;
    return s;
  }

  static void write(Path file, Run run) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(VERSION);
      out.writeDouble(run.repeatDifference());
      out.writeDouble(run.repeatDifferenceBf16());
      out.writeDouble(run.seconds());
      out.writeInt(run.tensors().size());
      for (Map.Entry<String, Summary> e : run.tensors().entrySet()) {
        Summary s = e.getValue();
        out.writeUTF(e.getKey());
        out.writeBoolean(s.finite());
        out.writeDouble(s.sum());
        out.writeDouble(s.l1());
        out.writeDouble(s.l2());
        out.writeDouble(s.projection());
        out.writeInt(s.sample().length);
        for (float f : s.sample()) out.writeFloat(f);
      }
    }
  }

  static Run read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      if (in.readInt() != VERSION) throw new IOException(file + ": written by another version of the self-test");
      double repeat = in.readDouble(), repeatBf16 = in.readDouble(), seconds = in.readDouble();
      int n = in.readInt();
      Map<String, Summary> tensors = new LinkedHashMap<>();
      for (int i = 0; i < n; i++) {
        String key = in.readUTF();
        boolean finite = in.readBoolean();
        double sum = in.readDouble(), l1 = in.readDouble(), l2 = in.readDouble(), projection = in.readDouble();
        float[] sample = new float[in.readInt()];
        for (int j = 0; j < sample.length; j++) sample[j] = in.readFloat();
        tensors.put(key, new Summary(finite, sum, l1, l2, projection, sample));
      }
      return new Run(tensors, repeat, repeatBf16, seconds);
    }
  }
}
