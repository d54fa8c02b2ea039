package org.crossmodal.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The entry point of a cluster engine module, registered in its
 * {@code META-INF/services/org.crossmodal.cluster.ClusterProvider}.
 */
public interface ClusterProvider {
  /** The engine's name, e.g. {@code Apache Spark 4.0.4}. */
  String engine();

  /**
   * Connects to {@code master} ({@code local[N]}, {@code spark://host:port}, ...).
   *
   * @param appName the application's name in the engine's logs and UI
   * @param memoryBudgetBytes the memory budget studies in flight share (the {@code --memory-budget}
   *     of this run), or 0 when none was given: each task JVM then takes ¾ of its heap, as one machine does
   * @param properties system properties the task JVMs need before they start work (limits, engine settings)
   */
  Cluster connect(String master, String appName, long memoryBudgetBytes, Map<String, String> properties) throws IOException;

  /**
   * Starts a cluster of this engine's own on this machine (a standalone master and one worker on
   * 127.0.0.1, for benchmarks): {@code cores} and {@code memoryBytes} for its worker, logs under {@code workDir}.
   */
  LocalCluster startLocal(int cores, long memoryBytes, Path workDir) throws IOException, InterruptedException;

  /** A cluster started by {@link #startLocal}: its master URL; close stops its processes. */
  interface LocalCluster extends AutoCloseable {
    String master();

    /** Seconds its processes took to start and register. */
    double startSeconds();

    @Override
    void close();
  }

  /**
   * The system properties of this JVM that task JVMs need too: the project's own ({@code crossmodal.*}:
   * limits, memory budget, engine choices) and DJL's ({@code ai.djl.*}).
   */
  static Map<String, String> taskProperties() {
    Map<String, String> out = new java.util.TreeMap<>();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("crossmodal.") || k.startsWith("ai.djl.")) out.put(k, System.getProperty(k));
    }
    return out;
  }

  /** The provider on the class path. */
  static ClusterProvider find() throws IOException {
    for (ClusterProvider p : ServiceLoader.load(ClusterProvider.class, ClusterProvider.class.getClassLoader())) return p;
    throw new IOException("no cluster engine on the class path: --spark needs the Spark module (spark/, built by "
        + "'mvn -f reactor.xml package'; bin/crossmodal puts it on the class path when it sees --spark)");
  }
}
