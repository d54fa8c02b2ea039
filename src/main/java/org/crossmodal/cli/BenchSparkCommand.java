package org.crossmodal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.bench.ClusterBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "spark", description = "Batch studies/s on one machine, Spark local[1], local[N] and a standalone cluster on "
    + "127.0.0.1, start-up apart (needs the Spark module, docs/spark.md). Last line: spark_ratio=X (standalone over one machine).")
final class BenchSparkCommand implements Callable<Integer> {
  @Option(names = "--studies", defaultValue = "200", description = "synthetic studies (default: ${DEFAULT-VALUE})")
  int studies;

  @Option(names = "--frames", defaultValue = "4", description = "frames per study (default: ${DEFAULT-VALUE})")
  int frames;

  @Option(names = "--size", defaultValue = "256", description = "frame side in pixels (default: ${DEFAULT-VALUE})")
  int size;

  @Option(names = "--cores", defaultValue = "2", description = "cores for one machine, local[N] and the worker (default: ${DEFAULT-VALUE})")
  int cores;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("crossmodal-bench-spark");
    try {
      ClusterBenchmark.Result r = ClusterBenchmark.run(studies, frames, size, cores, work);
      System.out.print(ClusterBenchmark.report(r, studies, frames, size));
      return r.settings().stream().allMatch(f -> f.failed() == 0) ? 0 : 1;
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
