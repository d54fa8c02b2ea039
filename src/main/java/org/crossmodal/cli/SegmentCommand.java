package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.transfer.SegmentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "segment", description = "Segment DICOM series, NIfTI volumes or ImageJ TIFFs with a model: label and probability TIFFs per input.")
final class SegmentCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "MODEL")
  Path model;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<Path> inputs;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Option(names = "--threads", defaultValue = "2")
  int threads;

  @Override
  public Integer call() throws Exception {
    List<SegmentJob.Result> results = SegmentJob.run(model, inputs, out, threads, System.err::println);
    long ok = results.stream().filter(r -> r.error() == null).count();
    results.stream().filter(r -> r.error() != null).forEach(r -> System.err.println("skipped: " + r.error()));
    System.out.println("segmented " + ok + " inputs into " + out + " (segmentations.json)");
    return ok > 0 ? 0 : 1;
  }
}
