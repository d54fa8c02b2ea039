package org.crossmodal.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.package$;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.cluster.ClusterProvider;

/** Apache Spark behind {@code --spark}: found by the core through {@code META-INF/services}. */
public final class SparkClusterProvider implements ClusterProvider {
  @Override
  public String engine() {
    return "Apache Spark " + package$.MODULE$.SPARK_VERSION();
  }

  @Override
  public Cluster connect(String master, String appName, long memoryBudgetBytes, Map<String, String> properties)
      throws IOException {
    return SparkCluster.connect(master, appName, memoryBudgetBytes, properties);
  }

  @Override
  public LocalCluster startLocal(int cores, long memoryBytes, Path workDir) throws IOException, InterruptedException {
    StandaloneCluster c = StandaloneCluster.start(ModuleFiles.sparkHome(), cores, memoryBytes, workDir);
    return new LocalCluster() {
      @Override public String master() {
        return c.master();
      }

      @Override public double startSeconds() {
        return c.startSeconds();
      }

      @Override public void close() {
        c.close();
      }
    };
  }
}
