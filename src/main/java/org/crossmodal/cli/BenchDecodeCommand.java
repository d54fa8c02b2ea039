package org.crossmodal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.bench.DecodeBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "decode", description = "Decode throughput on the real data set and dcmtk-made variants, against dcmtk. Last line: ratio=X.")
final class BenchDecodeCommand implements Callable<Integer> {
  @Option(names = "--rounds", defaultValue = "3", paramLabel = "N", description = "measured rounds after one warm-up (best is kept)")
  int rounds;

  @Override
  public Integer call() throws Exception {
    Path work = Files.createTempDirectory("crossmodal-bench-decode-");
    try {
      DecodeBenchmark.Result r = DecodeBenchmark.run(rounds, work, System.out);
      double mb = r.pixelBytes() / 1e6;
      System.out.printf("files=%d series=%d decoded=%.1f MB%n", r.files(), r.series(), mb);
      System.out.printf("crossmodal: %.3f s  %.1f series/s  %.1f MB/s%n", r.oursSeconds(), r.series() / r.oursSeconds(), mb / r.oursSeconds());
      System.out.printf("dcmtk:      %.3f s  %.1f series/s  %.1f MB/s (one process per file, as a script runs it)%n",
          r.dcmtkSeconds(), r.series() / r.dcmtkSeconds(), mb / r.dcmtkSeconds());
      System.out.printf("dcmtk decoding alone: %.3f s  %.1f MB/s (%.3f s of %d bare process starts taken off)%n",
          r.dcmtkDecodeSeconds(), mb / r.dcmtkDecodeSeconds(), r.dcmtkStartSeconds(), r.files());
      System.out.printf("ratio with process starts: %.2f%n", r.dcmtkSeconds() / r.oursSeconds());
      System.out.printf("ratio=%.2f%n", r.ratio());
      return 0;
    } finally {
      try (var s = Files.walk(work)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
