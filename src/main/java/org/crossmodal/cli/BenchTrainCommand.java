package org.crossmodal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.bench.TrainBenchmark;
import org.crossmodal.model.UNetConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", description = "Training and inference img/s of the demo U-Net in DJL against the same network in PyTorch. Last line: ratio=X.")
final class BenchTrainCommand implements Callable<Integer> {
  @Option(names = "--steps", defaultValue = "20", description = "timed steps per measurement")
  int steps;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Option(names = "--warmup", defaultValue = "30", description = "untimed passes of each phase, on both sides, before timing")
  int warmup;

  @Override
  public Integer call() throws Exception {
    UNetConfig arch = UNetConfig.demo(3);
    int size = 128, batch = 16;
    Path work = Files.createTempDirectory("crossmodal-bench-train-");
    TrainBenchmark.Result r = TrainBenchmark.run(arch, size, batch, threads, steps, warmup, work);
    double trainGflop = 3 * r.forwardGflopPerImage();
    System.out.printf("network: U-Net depth %d, %d base channels, %dx%d, batch %d, %d threads%n", arch.depth(),
        arch.baseChannels(), size, size, batch, threads);
    System.out.printf("FLOPs per image: %.2f GFLOP forward, ~%.2f GFLOP training step (3x forward)%n",
        r.forwardGflopPerImage(), trainGflop);
    System.out.printf("DJL %s:     train %.1f img/s  infer %.1f img/s%n", ai.djl.engine.Engine.getDjlVersion(), r.djlTrain(), r.djlInfer());
    System.out.printf("PyTorch %s: train %.1f img/s  infer %.1f img/s%n", r.torchVersion(), r.torchTrain(), r.torchInfer());
    System.out.printf("DJL training reaches %.1f GFLOP/s = %.1f%% of the %.0f GFLOP/s FP32 peak%n", r.djlTrain() * trainGflop,
        100 * r.djlTrain() * trainGflop / TrainBenchmark.PEAK_GFLOPS, TrainBenchmark.PEAK_GFLOPS);
    System.out.printf("inference ratio=%.2f%n", r.djlInfer() / r.torchInfer());
    System.out.printf("ratio=%.2f%n", r.djlTrain() / r.torchTrain());
    return 0;
  }
}
