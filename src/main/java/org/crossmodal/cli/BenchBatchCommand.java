package org.crossmodal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.bench.BatchBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "batch", description = "Batch throughput and heap over many synthetic ultrasound studies. Last line: studies_per_second=X.")
final class BenchBatchCommand implements Callable<Integer> {
  @Option(names = "--studies", defaultValue = "1000", paramLabel = "N", description = "synthetic studies to segment (default: ${DEFAULT-VALUE})")
  int studies;

  @Option(names = "--frames", defaultValue = "4", paramLabel = "N", description = "frames per study (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--size", defaultValue = "256", paramLabel = "PIXELS", description = "frame side in pixels (default: ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--workers", defaultValue = "2", paramLabel = "N", description = "studies in flight at once (default: ${DEFAULT-VALUE})")
  int workers;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("crossmodal-bench-batch");
    try {
      BatchBenchmark.Result r = BatchBenchmark.run(studies, frames, size, workers, work);
      System.out.printf("%d studies of %d frames %dx%d (demo network, %d workers, 2 threads): %.1f s, %d failed%n",
          r.studies(), frames, size, size, workers, r.seconds(), r.failed());
      System.out.printf("peak heap %.0f MB (max heap %.0f MB)%n", r.peakHeapBytes() / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
      System.out.printf("live heap after GC at 10%% / 50%% / 100%% of studies: %.1f / %.1f / %.1f MB%n",
          r.liveHeapBytes()[0] / 1e6, r.liveHeapBytes()[1] / 1e6, r.liveHeapBytes()[2] / 1e6);
      System.out.printf("heap_growth=%.2f%n", r.heapGrowth());
      System.out.printf("studies_per_second=%.2f%n", r.studiesPerSecond());
      return r.failed() == 0 ? 0 : 1;
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
