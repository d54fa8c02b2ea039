package org.crossmodal.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on this machine, from Spark's jars alone: one master and one worker,
 * both bound to 127.0.0.1 on free ports, their logs under {@code workDir}. The worker starts the
 * executors (its child processes) when an application connects. Closing stops the worker, the
 * master and any executor left, each by its process id. For tests and {@code bench spark}; a real
 * cluster is started by its own administrators (docs/spark.md).
 */
public final class StandaloneCluster implements AutoCloseable {
  private static final long START_TIMEOUT_S = 180;
  private final Process master;
  private final Process worker;
  private final String url;
  private final double startSeconds;
  private final Path workDir;

  private StandaloneCluster(Process master, Process worker, String url, double startSeconds, Path workDir) {
    this.master = master;
    this.worker = worker;
    this.url = url;
    this.startSeconds = startSeconds;
    this.workDir = workDir;
  }

  /** Starts a master and one worker with {@code cores} cores and {@code memoryBytes} for its executors. */
  public static StandaloneCluster start(Path sparkHome, int cores, long memoryBytes, Path workDir)
      throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    Files.createDirectories(workDir);
    int port = freePort();
    String url = "spark://127.0.0.1:" + port;
    Process master = daemon(sparkHome, workDir, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort())));
    Process worker = null;
    try {
      awaitLine(master, workDir.resolve("master.log"), "I have been elected leader");
      worker = daemon(sparkHome, workDir, "worker", List.of("org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1",
          "--webui-port", Integer.toString(freePort()), "--cores", Integer.toString(cores),
          "--memory", (memoryBytes >> 20) + "m", "--work-dir", workDir.resolve("work").toString()));
      awaitLine(worker, workDir.resolve("worker.log"), "Successfully registered with master");
    } catch (IOException | InterruptedException | RuntimeException e) {
      stop(worker);
      stop(master);
      throw e;
    }
    return new StandaloneCluster(master, worker, url, (System.nanoTime() - t0) / 1e9, workDir);
  }

  public String master() {
    return url;
  }

  public double startSeconds() {
    return startSeconds;
  }

  public long masterPid() {
    return master.pid();
  }

  public long workerPid() {
    return worker.pid();
  }

  /** The executor processes the worker runs now (its children running Spark's executor backend). */
  public List<ProcessHandle> executors() {
    List<ProcessHandle> out = new ArrayList<>();
    worker.toHandle().descendants().forEach(p -> {
      if (p.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")) out.add(p);
    });
    return out;
  }

  public Path workDir() {
    return workDir;
  }

  @Override
  public void close() {
    List<ProcessHandle> executors = new ArrayList<>();
    if (worker != null) worker.toHandle().descendants().forEach(executors::add);
    stop(worker);
    stop(master);
    for (ProcessHandle p : executors) {
      if (p.isAlive()) p.destroyForcibly();
    }
  }

  /** SIGTERM (the daemons stop their executors), then SIGKILL after 20 s; by this process's id. */
  private static void stop(Process p) {
    if (p == null || !p.isAlive()) return;
    p.destroy();
    try {
      if (!p.waitFor(20, TimeUnit.SECONDS)) p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static Process daemon(Path sparkHome, Path workDir, String name, List<String> mainAndArgs) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        "-cp", sparkHome.resolve("jars").toString() + "/*"));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(workDir.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.remove("SPARK_CONF_DIR");
    return pb.start();
  }

  private static void awaitLine(Process p, Path log, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_S);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) return;
      if (!p.isAlive()) throw new IOException("Spark daemon stopped (exit " + p.exitValue() + "): " + tail(log));
      Thread.sleep(100);
    }
    throw new IOException("Spark daemon did not say '" + line + "' within " + START_TIMEOUT_S + " s: " + tail(log));
  }

  private static String tail(Path log) throws IOException {
    if (!Files.exists(log)) return "(no log)";
    String s = Files.readString(log);
    return s.substring(Math.max(0, s.length() - 2000));
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return s.getLocalPort();
    }
  }
}
