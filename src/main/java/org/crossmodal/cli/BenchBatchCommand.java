package org.crossmodal.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.bench.BatchBenchmark;
import org.crossmodal.model.CpuFeatures;
import org.crossmodal.model.EngineChoice;
import org.crossmodal.model.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "batch", description = "Batch throughput and heap over many synthetic ultrasound studies; where the CPU has "
    + "bf16 units, with and without bf16 in alternating runs and how far their labels differ. Last line: studies_per_second=X.")
final class BenchBatchCommand implements Callable<Integer> {
  @Option(names = "--studies", defaultValue = "1000", paramLabel = "N", description = "synthetic studies to segment (default: ${DEFAULT-VALUE})")
  int studies;

  @Option(names = "--frames", defaultValue = "4", paramLabel = "N", description = "frames per study (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--size", defaultValue = "256", paramLabel = "PIXELS", description = "frame side in pixels (default: ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "studies in flight at once (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = "--model", paramLabel = "MODEL", description = "the network to run (default: the demo's network, untrained; give a trained "
      + "model for label agreement that means something)")
  Path model;

  @Option(names = "--compare-precision", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "where the CPU has bf16 units and no --precision is given: one run in fp32 and one in bf16 per round, "
          + "each in a JVM of its own (oneDNN's math mode is fixed per process), and their labels compared (default: on)")
  boolean compare;

  @Option(names = "--rounds", paramLabel = "N", defaultValue = "1", description = "fp32-then-bf16 rounds when comparing (default: ${DEFAULT-VALUE})")
  int rounds;

  @Option(names = "--keep-output", paramLabel = "DIR", hidden = true, description = "where to leave the batch's output (for the comparison)")
  Path keep;

  @Option(names = "--inputs", paramLabel = "DIR", hidden = true, description = "where the studies are, or are written (shared by the compared runs)")
  Path inputs;

  @Override
  public Integer call() throws Exception {
    boolean precisionGiven = System.getProperty(Engines.PRECISION_PROPERTY) != null;
    if (compare && !precisionGiven && keep == null && CpuFeatures.current().bf16Units()) return compareRuns();
    Path work = Files.createTempDirectory("crossmodal-bench-batch");
    try {
      BatchBenchmark.Result r = BatchBenchmark.run(studies, frames, size, workers, model, inputs, work);
      EngineChoice e = Engines.choice();
      System.out.printf("%d studies of %d frames %dx%d (%s, %d workers, 2 threads): %.1f s, %d failed%n",
          r.studies(), frames, size, size, model == null ? "demo network" : model.getFileName(), workers, r.seconds(), r.failed());
      System.out.printf("oneDNN cap %s, precision %s (%s)%n", e.isaCap() == null ? "none" : e.isaCap(), e.precisionLabel(),
          e.precisionSource());
      System.out.printf("peak heap %.0f MB (max heap %.0f MB)%n", r.peakHeapBytes() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
      System.out.printf("live heap after GC at 10%% / 50%% / 100%% of studies: %.1f / %.1f / %.1f MB%n",
          r.liveHeapBytes()[0] / 1e6, r.liveHeapBytes()[1] / 1e6, r.liveHeapBytes()[2] / 1e6);
      System.out.printf("heap_growth=%.2f%n", r.heapGrowth());
      System.out.printf("studies_per_second=%.2f%n", r.studiesPerSecond());
      if (keep != null) copyTree(work.resolve("out"), keep);
      return r.failed() == 0 ? 0 : 1;
    } finally {
      deleteTree(work);
    }
  }

  /** fp32 and bf16 runs in turn, each a child JVM running this benchmark with --precision; then their labels compared. */
  private int compareRuns() throws IOException, InterruptedException {
    Path work = Files.createTempDirectory("crossmodal-bench-batch-precision");
    try {
      List<double[]> perRound = new ArrayList<>();
      String[] precisions = {"fp32", "bf16"};
      for (int r = 0; r < rounds; r++) {
        double[] sps = new double[2];
        for (int i = 0; i < 2; i++) {
          Path out = work.resolve(precisions[i]);
          deleteTree(out);
          List<String> lines = child(precisions[i], out);
          for (String l : lines) {
            if (!l.startsWith("studies_per_second=") && !l.startsWith("heap_growth=")) System.out.println(precisions[i] + ": " + l);
          }
          String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
          if (!last.startsWith("studies_per_second=")) throw new IOException("the " + precisions[i] + " run failed: " + String.join("\n", lines));
          sps[i] = Double.parseDouble(last.substring(last.indexOf('=') + 1));
        }
        System.out.printf("round %d: fp32 %.2f studies/s, bf16 %.2f studies/s, bf16/fp32 %.2f%n", r + 1, sps[0], sps[1], sps[1] / sps[0]);
        perRound.add(sps);
      }
      int classes = model == null ? 3 : org.crossmodal.model.ModelFile.readDescriptor(model).classes().size();
      BatchBenchmark.Agreement a = BatchBenchmark.agreement(work.resolve("fp32"), work.resolve("bf16"), classes);
      System.out.printf("labels, bf16 against fp32 (%d segmentation objects, %d pixels): %.4f %% the same; Dice per class:",
          a.files(), a.pixels(), 100 * a.share());
      for (int k = 0; k < classes; k++) System.out.printf(" %d: %.4f", k, a.dice(k));
      System.out.println(model == null ? " (untrained network: many pixels are near-ties between classes)" : "");
      double fp32 = median(perRound, 0), bf16 = median(perRound, 1);
      System.out.printf("median over %d round(s): fp32 %.2f, bf16 %.2f studies/s; bf16 ratio=%.2f%n", rounds, fp32, bf16, bf16 / fp32);
      System.out.printf("studies_per_second_fp32=%.2f%n", fp32);
      System.out.printf("studies_per_second_bf16=%.2f%n", bf16);
      System.out.printf("studies_per_second=%.2f%n", bf16);
      return 0;
    } finally {
      deleteTree(work);
    }
  }

  private List<String> child(String precision, Path out) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("-Xmx") || a.startsWith("-D")) cmd.add(a);
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "bench", "batch",
        "--studies", "" + studies, "--frames", "" + frames, "--size", "" + size, "--workers", "" + workers,
        "--precision", precision, "--keep-output", out.toString(), "--inputs", out.getParent().resolve("studies").toString()));
    if (System.getProperty(Engines.ISA_PROPERTY) != null) cmd.addAll(List.of("--isa", System.getProperty(Engines.ISA_PROPERTY)));
    if (model != null) cmd.addAll(List.of("--model", model.toAbsolutePath().toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines()
        .filter(l -> !l.isBlank() && !l.startsWith("[")).toList();
    p.waitFor();
    return lines;
  }

  private static double median(List<double[]> rows, int col) {
    double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
