package org.crossmodal.testutil;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The command line in a JVM of its own (as bin/crossmodal starts it), to be killed with SIGKILL at a
 * chosen point. The point is a line the command prints: its output is read line by line as it is
 * written and the process is killed the moment the line arrives, with no polling of files and no
 * sleeping; a command that ends before printing it fails the test instead of passing unseen.
 */
public final class CliProcess {
  private CliProcess() {}

  private static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.crossmodal.cli.Main"));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** Starts the command with its output going to {@code log}. */
  public static Process start(Path log, String... args) throws IOException {
    return new ProcessBuilder(command(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /**
   * Starts the command; every line it prints (stdout and stderr) is copied to {@code log} as it comes.
   * The first line matching {@code killAt} kills the process with SIGKILL at once ({@link Watched#killed}).
   */
  public static Watched watch(Path log, Predicate<String> killAt, String... args) throws IOException {
    Process p = new ProcessBuilder(command(args)).redirectErrorStream(true).start();
    return new Watched(p, log, killAt);
  }

  /** A running command whose output is watched for the line to kill it at. */
  public static final class Watched {
    private final Process process;
    private final Path log;
    private final CompletableFuture<String> hit = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private Watched(Process process, Path log, Predicate<String> killAt) {
      this.process = process;
      this.log = log;
      Thread reader = new Thread(() -> {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
          for (String line; (line = in.readLine()) != null; ) {
            if (!hit.isDone() && killAt.test(line)) {
              process.destroyForcibly(); // SIGKILL on Linux, before anything else
              hit.complete(line);
            }
            out.write(line);
            out.newLine();
            out.flush();
          }
        } catch (IOException e) {
          hit.completeExceptionally(e);
        } finally {
          ended.complete(null);
        }
      }, "cli-output");
      reader.setDaemon(true);
      reader.start();
    }

    /**
     * Waits (at most 20 minutes) for the kill line; returns it once the process is dead. Fails, with
     * the log, when the process ends without printing it.
     */
    public String killed() throws Exception {
      CompletableFuture.anyOf(hit, ended).get(20, TimeUnit.MINUTES);
      if (!hit.isDone()) {
        ended.get(1, TimeUnit.MINUTES);
        process.waitFor();
        throw new AssertionError("the command ended (exit " + process.exitValue() + ") before printing the line to be killed at: "
            + Files.readString(log));
      }
      String line = hit.get();
      process.waitFor();
      ended.get(1, TimeUnit.MINUTES);
      return line;
    }

    /** Stops the process if it still runs (for cleanup after a failure). */
    public void stop() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }
  }

  /** Runs to the end; returns the log. */
  public static String finish(Path log, String... args) throws Exception {
    Process p = start(log, args);
    if (!p.waitFor(20, TimeUnit.MINUTES)) { // a whole run on a loaded 2-core machine
      p.destroyForcibly();
      throw new AssertionError("did not finish: " + Files.readString(log));
    }
    String out = Files.readString(log);
    if (p.exitValue() != 0) throw new AssertionError("exit " + p.exitValue() + ": " + out);
    return out;
  }

  /** Temporary files of interrupted writes (AtomicFiles' ".NAME.RANDOM.part") anywhere under {@code dir}. */
  public static List<Path> leftovers(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".part")).toList();
    }
  }
}
