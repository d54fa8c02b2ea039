package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.evaluation.EvaluationJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", description = "Score a model on labelled ultrasound (DICOM US or TIFF images; DICOM SEG or label TIFFs): DIR/metrics.json.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin ModelJobOptions job;

  @Option(names = "--images", required = true, paramLabel = "PATH", description = "DICOM US file, folder or zip, or an ImageJ TIFF")
  Path images;

  @Option(names = "--labels", required = true, paramLabel = "PATH",
      description = "DICOM SEG or label TIFF (one series), or a folder with NAME.tif / NAME_labels.tif / NAME.dcm per series")
  Path labels;

  @Override
  public Integer call() throws Exception {
    Map<String, Object> m = EvaluationJob.run(job.model, images, labels, job.out, job.threads);
    System.out.printf("%d frames%n", (Integer) m.get("frames"));
    m.forEach((k, v) -> {
      if (v instanceof Double d) System.out.printf("Dice %-16s %.4f%n", k, d);
    });
    System.out.println("metrics: " + job.out.resolve(EvaluationJob.METRICS));
    return 0;
  }
}
