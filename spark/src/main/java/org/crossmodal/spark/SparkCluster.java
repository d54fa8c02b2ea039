package org.crossmodal.spark;

import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.rdd.RDD;
import org.crossmodal.cluster.Cluster;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/**
 * A {@link Cluster} on a SparkContext. Items are cut into the asked number of contiguous slices, one
 * Spark partition each; a partition runs the core's task once ({@link PartitionFunction}) and its
 * results reach the sink as soon as it completes (a job with a result handler, so a job that fails
 * for good still delivers what finished). Settings that matter on a cluster are set unless the user
 * set them ({@code --conf}, spark-defaults.conf or {@code -Dspark.*}):
 * <ul>
 *   <li>{@code spark.executor.memory}: from the run's memory budget (¾ of an executor's heap is its budget, as on one machine);
 *   <li>{@code spark.jars}: the application jar, when not under spark-submit;
 *   <li>{@code spark.executorEnv.GLIBC_TUNABLES}: the allocator settings measured for libtorch (docs/engine.md);
 *   <li>no web UI and no console progress bar (the command line shows its own);
 *   <li>a master on this machine ({@code local[N]}, 127.x, localhost): the driver binds 127.0.0.1.
 * </ul>
 * One engine thread per task core, DJL offline and a DJL cache per executor are set inside the
 * executors ({@link TaskJvm}).
 */
final class SparkCluster implements Cluster {
  private static final String QUIET_HADOOP = "org.slf4j.simpleLogger.log.org.apache.hadoop.util.NativeCodeLoader";
  private final SparkContext sc;
  private final String master;
  private final Map<String, String> properties;

  private SparkCluster(SparkContext sc, String master, Map<String, String> properties) {
    this.sc = sc;
    this.master = master;
    this.properties = properties;
  }

  static SparkCluster connect(String master, String appName, long memoryBudgetBytes, Map<String, String> taskProperties) {
    SparkConf conf = new SparkConf(); // takes spark.* system properties, as spark-submit passes them
    conf.setMaster(master);
    conf.setIfMissing("spark.app.name", appName);
    conf.setIfMissing("spark.ui.enabled", "false");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (onThisMachine(master)) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
    }
    if (memoryBudgetBytes > 0) conf.setIfMissing("spark.executor.memory", executorMemoryMb(memoryBudgetBytes) + "m");
    String glibc = System.getenv("GLIBC_TUNABLES");
    if (glibc != null && !glibc.isBlank()) conf.setIfMissing("spark.executorEnv.GLIBC_TUNABLES", glibc);
    if (!isLocal(master) && !conf.contains("spark.jars")) {
      Path app = ModuleFiles.appJar();
      if (app != null) conf.set("spark.jars", app.toString());
    }
    // Hadoop (inside Spark) warns once that it has no native library; it needs none here.
    if (System.getProperty(QUIET_HADOOP) == null) System.setProperty(QUIET_HADOOP, "error");
    Map<String, String> properties = new TreeMap<>(taskProperties);
    properties.put("ai.djl.offline", "true");
    return new SparkCluster(new SparkContext(conf), master, properties);
  }

  /** An executor heap whose ¾ is the budget (the rule ResourceLimits applies to every JVM), in MB. */
  static long executorMemoryMb(long memoryBudgetBytes) {
    return (memoryBudgetBytes * 4 / 3 + (1 << 20) - 1) >> 20;
  }

  static boolean isLocal(String master) {
    return master.equals("local") || master.startsWith("local[") || master.startsWith("local-cluster[");
  }

  static boolean onThisMachine(String master) {
    if (isLocal(master)) return true;
    try {
      String host = URI.create(master.replaceFirst(",.*", "")).getHost();
      return host != null && (host.startsWith("127.") || host.equalsIgnoreCase("localhost"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Override
  public String describe() {
    return "Apache Spark " + sc.version() + " on " + master;
  }

  @Override
  public int parallelism() {
    int taskCpus = sc.getConf().getInt("spark.task.cpus", 1);
    return Math.max(1, sc.defaultParallelism() / Math.max(1, taskCpus));
  }

  @Override
  public boolean protectsTaskData() {
    SparkConf c = sc.getConf();
    return protectsTaskData(master, c.getBoolean("spark.authenticate", false), c.getBoolean("spark.network.crypto.enabled", false));
  }

  /** Tasks on this machine, or RPC that is authenticated and encrypted (AES, Spark's network crypto). */
  static boolean protectsTaskData(String master, boolean authenticate, boolean encrypt) {
    return onThisMachine(master) || (authenticate && encrypt);
  }

  @Override
  public boolean inThisJvm() {
    return isLocal(master) && !master.startsWith("local-cluster");
  }

  @Override
  public <I extends Serializable, R extends Serializable> void run(List<I> items, int partitions, PartitionTask<I, R> task,
      Sink<I, R> sink) {
    if (items.isEmpty()) return;
    int n = items.size(), p = Math.max(1, Math.min(partitions, n));
    List<ArrayList<I>> slices = new ArrayList<>(p);
    for (int i = 0; i < p; i++) slices.add(new ArrayList<>(items.subList((int) ((long) i * n / p), (int) ((long) (i + 1) * n / p))));
    // As many elements as slices: Spark puts exactly one slice in each partition, so partition i is slice i.
    RDD<ArrayList<I>> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(slices, p).rdd();
    boolean[] finished = new boolean[p];
    @SuppressWarnings({"unchecked", "rawtypes"})
    ClassTag<ArrayList<R>> tag = (ClassTag) ClassTag$.MODULE$.apply(ArrayList.class);
    try {
      sc.runJob(rdd, new PartitionFunction<>(task, properties), new AbstractFunction2<Object, ArrayList<R>, BoxedUnit>() {
        @Override
        public BoxedUnit apply(Object partition, ArrayList<R> results) {
          finished[(Integer) partition] = true;
          sink.finished(results);
          return BoxedUnit.UNIT;
        }
      }, tag);
    } catch (Exception e) { // the job was aborted: a partition failed on every attempt
      String reason = firstLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      for (int i = 0; i < p; i++) if (!finished[i]) sink.failed(slices.get(i), reason);
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }

  @Override
  public void close() {
    sc.stop();
  }
}
