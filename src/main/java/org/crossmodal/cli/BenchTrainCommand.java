package org.crossmodal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.bench.TrainBenchmark;
import org.crossmodal.model.CpuFeatures;
import org.crossmodal.model.EngineChoice;
import org.crossmodal.model.Engines;
import org.crossmodal.model.UNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Training and inference img/s of the demo U-Net in DJL against the same network in PyTorch, in alternating rounds. Last line: ratio=X (median over the rounds).")
final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "20", paramLabel = "N", description = "timed steps per measurement")
  int steps;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N", description = "CPU threads of each side (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--warmup", defaultValue = "30", paramLabel = "N", description = "untimed passes of each phase, on both sides, before timing")
  int warmup;

  @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "turns of DJL then PyTorch; the ratios are medians over them")
  int rounds;

  @Option(names = "--profile", description = "after the rounds, self time per libtorch operator on both sides (3 steps and passes)")
  boolean profile;

  /** The operators that take most time on either side, ms per step (batch), and the totals. */
  private static void printProfile(String what, Map<String, Double> djl, Map<String, Double> torch) {
    java.util.Set<String> ops = new java.util.TreeSet<>(djl.keySet());
    ops.addAll(torch.keySet());
    List<String> top = ops.stream().sorted(Comparator.comparingDouble(
        (String o) -> -Math.max(djl.getOrDefault(o, 0.0), torch.getOrDefault(o, 0.0)))).limit(24).toList();
    System.out.printf("self time per %s (ms), libtorch profiler: %-44s %8s %8s%n", what, "operator", "DJL", "PyTorch");
    for (String o : top) {
      System.out.printf("  %-78s %8.1f %8.1f%n", o, djl.getOrDefault(o, 0.0), torch.getOrDefault(o, 0.0));
    }
    System.out.printf("  %-78s %8.1f %8.1f%n", "all operators", djl.values().stream().mapToDouble(Double::doubleValue).sum(),
        torch.values().stream().mapToDouble(Double::doubleValue).sum());
  }

  @Override
  public Integer call() throws Exception {
    if (rounds < 1 || steps < 1 || warmup < 0) throw new IllegalArgumentException("--rounds and --steps must be >= 1, --warmup >= 0");
    UNetConfig arch = UNetConfig.demo(3);
    int size = 128, batch = 16;
    Path work = Files.createTempDirectory("crossmodal-bench-train-");
    TrainBenchmark.Result r = TrainBenchmark.run(arch, size, batch, threads, steps, warmup, rounds, profile, work);
    double trainGflop = 3 * r.forwardGflopPerImage();
    TrainBenchmark.Peak peak = TrainBenchmark.Peak.of(threads);
    CpuFeatures cpu = CpuFeatures.current();
    EngineChoice djl = Engines.choice();
    TrainBenchmark.PeerSetup peer = r.peer();
    System.out.printf("network: U-Net depth %d, %d base channels, %dx%d, batch %d, %d threads%n", arch.depth(),
        arch.baseChannels(), size, size, batch, threads);
    System.out.printf("FLOPs per image: %.2f GFLOP forward, ~%.2f GFLOP training step (3x forward)%n",
        r.forwardGflopPerImage(), trainGflop);
    System.out.printf("CPU: %s, %d logical CPUs; flags: %s%n", cpu.model(), cpu.logicalCpus(), cpu.isaFlags());
    System.out.printf("DJL %s side: oneDNN cap %s (%s), oneDNN ISA: %s; precision %s training (%s), %s inference (as "
        + "segment, batch and pseudo-label run it)%n", ai.djl.engine.Engine.getDjlVersion(), djl.isaCap() == null ? "none" : djl.isaCap(),
        djl.isaSource(), djl.onednnIsa(), djl.training().label(), djl.precisionSource(), djl.inferenceOnly().label());
    System.out.printf("PyTorch %s side: oneDNN cap %s, oneDNN ISA: %s, forward convolution %s; precision %s%n",
        peer.torchVersion(), peer.isaCap(), peer.onednnIsa(), peer.convolutionKernel(), peer.precision());
    System.out.printf("peak: %.0f GFLOP/s FP32 = %d cores x %.0f (%s FMA, from the CPU flags; per-core figure of a register-only FMA loop)%n",
        peak.gflops(), threads, peak.perCore(), peak.vectorUnit());
    System.out.printf("round  DJL train/infer img/s  PyTorch train/infer img/s  ratios%n");
    for (int i = 0; i < r.rounds().size(); i++) {
      TrainBenchmark.Round x = r.rounds().get(i);
      System.out.printf("%5d  %6.1f / %6.1f          %6.1f / %6.1f              %.2f / %.2f%n", i + 1,
          x.djlTrain(), x.djlInfer(), x.torchTrain(), x.torchInfer(), x.trainRatio(), x.inferRatio());
    }
    double djlTrain = r.median(TrainBenchmark.Round::djlTrain);
    System.out.printf("median: DJL train %.1f img/s, PyTorch train %.1f img/s; DJL infer %.1f img/s, PyTorch infer %.1f img/s%n",
        djlTrain, r.median(TrainBenchmark.Round::torchTrain), r.median(TrainBenchmark.Round::djlInfer),
        r.median(TrainBenchmark.Round::torchInfer));
    double torchTrain = r.median(TrainBenchmark.Round::torchTrain);
    System.out.printf("training reaches %.1f GFLOP/s = %.1f%% of the %.0f GFLOP/s FP32 peak in DJL, %.1f GFLOP/s = %.1f%% in PyTorch%n",
        djlTrain * trainGflop, 100 * djlTrain * trainGflop / peak.gflops(), peak.gflops(), torchTrain * trainGflop,
        100 * torchTrain * trainGflop / peak.gflops());
    if (r.profile() != null) {
      printProfile("training step", r.profile().djlTrain(), r.profile().torchTrain());
      printProfile("inference pass", r.profile().djlInfer(), r.profile().torchInfer());
    }
    System.out.printf("inference ratio=%.2f%n", r.median(TrainBenchmark.Round::inferRatio));
    System.out.printf("ratio=%.2f%n", r.median(TrainBenchmark.Round::trainRatio));
    return 0;
  }
}
