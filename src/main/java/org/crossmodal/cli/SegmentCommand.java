package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.inference.SegmentJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "segment", description = "Segment DICOM series, NIfTI volumes or ImageJ TIFFs with a model: label and probability TIFFs per input.")
final class SegmentCommand implements Callable<Integer> {
  @Mixin ModelJobOptions job;

  @Parameters(arity = "1..*", paramLabel = "PATH")
  List<Path> inputs;

  @Override
  public Integer call() throws Exception {
    List<SegmentJob.Result> results = SegmentJob.run(job.model, inputs, job.out, job.threads, System.err::println);
    long ok = results.stream().filter(r -> r.error() == null).count();
    results.stream().filter(r -> r.error() != null).forEach(r -> System.err.println("skipped: " + r.error()));
    System.out.println("segmented " + ok + " inputs into " + job.out + " (segmentations.json)");
    return ok > 0 ? 0 : 1;
  }
}
