package org.crossmodal.cli;

import java.io.IOException;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.cluster.ClusterProvider;
import org.crossmodal.dicom.ResourceLimits;
import picocli.CommandLine.Option;

/** {@code --spark MASTER}: the job runs on Apache Spark (the Spark module, docs/spark.md) instead of this JVM's threads. */
final class SparkOption {
  @Option(names = "--spark", paramLabel = "MASTER", description = "run on Apache Spark: local[N] or spark://host:port "
      + "(one task per core, the model loaded once per partition; needs the Spark module, see docs/spark.md)")
  String master;

  /** The cluster, or null when --spark was not given. */
  Cluster connect(String appName) throws IOException {
    if (master == null) return null;
    // --memory-budget, when given, sizes each executor: its studies in flight share that budget.
    String budget = System.getProperty(ResourceLimits.MEMORY_BUDGET);
    long bytes = budget == null || budget.isBlank() ? 0 : ResourceLimits.parseSize(budget);
    return ClusterProvider.find().connect(master, appName, bytes, ClusterProvider.taskProperties());
  }
}
