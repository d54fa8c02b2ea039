package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.inference.PseudoLabelJob;
import org.crossmodal.config.StudentConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "pseudo-label", description = "Pseudo-label ultrasound with a model: labels of confident pixels (class-balanced thresholds), confidence and entropy images per input.")
final class PseudoLabelCommand implements Callable<Integer> {
  @Mixin ModelJobOptions job;

  @Mixin SparkOption spark;

  @Parameters(arity = "1..*", paramLabel = "PATH", description = "DICOM US files, folders, zips, or TIFFs")
  List<Path> inputs;

  @Option(names = "--quantile", description = "per foreground class, pixels below this quantile of its confidences are ignored (default ${DEFAULT-VALUE})", defaultValue = "0.5")
  double quantile;

  @Option(names = "--background-quantile", description = "the same for the background, not capped (default ${DEFAULT-VALUE})", defaultValue = "0.75")
  double backgroundQuantile;

  @Option(names = "--mc-samples", description = "Monte-Carlo dropout samples (default ${DEFAULT-VALUE})", defaultValue = "2")
  int samples;

  @Override
  public Integer call() throws Exception {
    StudentConfig.PseudoLabels c = new StudentConfig.PseudoLabels();
    c.quantile = quantile;
    c.backgroundQuantile = backgroundQuantile;
    c.monteCarloSamples = samples;
    Map<String, Object> doc;
    try (Cluster cluster = spark.connect("CrossModal Transfer pseudo-label")) {
      doc = PseudoLabelJob.run(job.model, inputs, job.out, c, job.threads, cluster);
    }
    List<?> done = (List<?>) doc.get("results"), skipped = (List<?>) doc.get("skipped");
    skipped.forEach(e -> System.err.println("skipped: " + e));
    System.out.println("pseudo-labelled " + done.size() + " inputs into " + job.out + " (pseudo-labels.json)");
    return done.isEmpty() ? 1 : 0;
  }
}
