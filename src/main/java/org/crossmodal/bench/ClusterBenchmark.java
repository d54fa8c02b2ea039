package org.crossmodal.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.crossmodal.batch.BatchConfig;
import org.crossmodal.batch.BatchJob;
import org.crossmodal.batch.BatchListener;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.cluster.ClusterProvider;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;

/**
 * The batch on one machine against the batch on a cluster engine (Spark's {@code local[1]},
 * {@code local[2]} and a standalone master and worker on 127.0.0.1), over the same synthetic
 * studies and the demo's network, in one run. Each setting runs in a JVM of its own (a fresh engine
 * with its own thread count), twice: the first run carries the start-up (engine, executors, model
 * loads), the second shows the steady rate, which is what the ratio compares. Start-up is shown
 * apart: the JVM, the connection to the cluster (SparkContext), and what the first run took beyond
 * the second; for the standalone cluster also its master and worker.
 */
public final class ClusterBenchmark {
  /** One setting's figures, as its JVM reports them. */
  public record Figures(String setting, int cores, double jvmSeconds, double connectSeconds, double firstSeconds,
      double secondSeconds, int studies, int failed) {
    public double studiesPerSecond() {
      return studies / secondSeconds;
    }

    public double firstRunExtra() {
      return firstSeconds - secondSeconds;
    }
  }

  public record Result(List<Figures> settings, double clusterStartSeconds, String engine, String loadBefore, String loadAfter) {
    /** Standalone cluster over one machine at equal cores, steady rates. */
    public double sparkRatio() {
      return settings.get(settings.size() - 1).studiesPerSecond() / settings.get(0).studiesPerSecond();
    }
  }

  private ClusterBenchmark() {}

  /** {@code cores}: the one machine's workers and threads, and the standalone worker's cores. */
  public static Result run(int studies, int frames, int size, int cores, Path work) throws IOException, InterruptedException {
    ClusterProvider provider = ClusterProvider.find();
    Path inputs = AtomicFiles.createDirectories(work.resolve("studies"));
    BatchBenchmark.writeStudies(inputs, studies, frames, size);
    Path model = BatchBenchmark.demoModel(work.resolve("demo-network.model.zip"));
    String loadBefore = load();
    List<Figures> out = new ArrayList<>();
    out.add(child("one machine (batch)", cores, "none", inputs, model, work.resolve("one")));
    out.add(child("Spark local[1]", 1, "local[1]", inputs, model, work.resolve("local1")));
    out.add(child("Spark local[" + cores + "]", cores, "local[" + cores + "]", inputs, model, work.resolve("local" + cores)));
    double clusterStart;
    try (ClusterProvider.LocalCluster cluster = provider.startLocal(cores, 3L << 30, work.resolve("cluster"))) {
      clusterStart = cluster.startSeconds();
      out.add(child("Spark standalone, 1 worker", cores, cluster.master(), inputs, model, work.resolve("standalone")));
    }
    return new Result(out, clusterStart, provider.engine(), loadBefore, load());
  }

  /** The machine's load averages (1, 5, 15 min), as the kernel reports them. */
  static String load() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** Runs one setting in a JVM of its own (this JVM's class path and options) and reads its figures. */
  private static Figures child(String setting, int cores, String master, Path inputs, Path model, Path out)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> !a.startsWith("-agentlib")).toList());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterBenchmark.class.getName(), master,
        Integer.toString(cores), inputs.toString(), model.toString(), out.toString()));
    AtomicFiles.createDirectories(out);
    Process p = new ProcessBuilder(cmd).redirectError(out.resolve("stderr.log").toFile()).start();
    String last = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) last = line;
    }
    if (p.waitFor() != 0 || last == null) {
      throw new IOException(setting + ": its JVM failed (exit " + p.exitValue() + "), see " + out.resolve("stderr.log"));
    }
    Map<?, ?> m = Json.MAPPER.readValue(last, Map.class);
    return new Figures(setting, cores, num(m, "jvm"), num(m, "connect"), num(m, "first"), num(m, "second"),
        ((Number) m.get("studies")).intValue(), ((Number) m.get("failed")).intValue());
  }

  private static double num(Map<?, ?> m, String k) {
    return ((Number) m.get(k)).doubleValue();
  }

  /**
   * One setting, in its own JVM: {@code MASTER CORES STUDIES MODEL OUT}; MASTER {@code none} is the
   * batch on this machine with CORES workers and engine threads. Prints one JSON line of seconds.
   */
  public static void main(String[] args) throws Exception {
    double jvm = ManagementFactory.getRuntimeMXBean().getUptime() / 1e3;
    String master = args[0];
    int cores = Integer.parseInt(args[1]);
    Path inputs = Path.of(args[2]), model = Path.of(args[3]), out = Path.of(args[4]);
    long t0 = System.nanoTime();
    Cluster cluster = master.equals("none") ? null
        : ClusterProvider.find().connect(master, "CrossModal Transfer bench spark", 0, ClusterProvider.taskProperties());
    double connect = (System.nanoTime() - t0) / 1e9;
    try {
      BatchSummary first = batch(cluster, cores, inputs, model, out.resolve("first"));
      BatchSummary second = batch(cluster, cores, inputs, model, out.resolve("second"));
      System.out.println(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(Map.of("jvm", jvm, "connect", connect, "first", first.seconds(), "second", second.seconds(),
              "studies", second.done(), "failed", first.failed() + second.failed())));
    } finally {
      if (cluster != null) cluster.close();
    }
    System.exit(0);
  }

  private static BatchSummary batch(Cluster cluster, int cores, Path inputs, Path model, Path out)
      throws IOException, InterruptedException {
    BatchConfig c = new BatchConfig();
    c.model = model;
    c.inputs = List.of(inputs);
    c.out = out;
    c.workers = cores;
    c.threads = cores;
    return BatchJob.run(c, BatchListener.NONE, cluster);
  }

  /** The table and the last line {@code spark_ratio=X}. */
  public static String report(Result r, int studies, int frames, int size) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%d studies of %d frames %dx%d, demo network; %s; load before %s, after %s%n",
        studies, frames, size, size, r.engine(), r.loadBefore(), r.loadAfter()));
    s.append(String.format(Locale.ROOT, "%-28s %5s %8s %9s %10s %10s %11s%n", "setting", "cores", "JVM s", "connect s",
        "1st run s", "2nd run s", "studies/s"));
    for (Figures f : r.settings()) {
      s.append(String.format(Locale.ROOT, "%-28s %5d %8.1f %9.1f %10.1f %10.1f %11.2f%s%n", f.setting(), f.cores(), f.jvmSeconds(),
          f.connectSeconds(), f.firstSeconds(), f.secondSeconds(), f.studiesPerSecond(), f.failed() > 0 ? "  (" + f.failed() + " failed)" : ""));
    }
    s.append("start-up apart from the rate: ");
    for (Figures f : r.settings()) {
      s.append(String.format(Locale.ROOT, "%s %.1f s (connect %.1f + first run's extra %.1f); ", f.setting(),
          f.connectSeconds() + f.firstRunExtra(), f.connectSeconds(), f.firstRunExtra()));
    }
    s.append(String.format(Locale.ROOT, "standalone master and worker %.1f s%n", r.clusterStartSeconds()));
    s.append(String.format(Locale.ROOT, "studies/s is the second run's (engine and executors up); spark_ratio = standalone / one machine at %d cores%n",
        r.settings().get(0).cores()));
    s.append(String.format(Locale.ROOT, "spark_ratio=%.2f%n", r.sparkRatio()));
    return s.toString();
  }
}
