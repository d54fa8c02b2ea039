package org.crossmodal.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The command line in a JVM of its own (as bin/crossmodal starts it), to be killed with SIGKILL. */
public final class CliProcess {
  private CliProcess() {}

  public static Process start(Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"), "org.crossmodal.cli.Main"));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** Waits for {@code file} to appear, then kills the process with SIGKILL (destroyForcibly on Linux). */
  public static void killWhenPresent(Process p, Path file, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (!Files.exists(file) && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
    if (!Files.exists(file)) {
      p.destroyForcibly().waitFor();
      throw new AssertionError(file + " never appeared: " + Files.readString(log));
    }
    p.destroyForcibly().waitFor();
  }

  /** Runs to the end; returns the log. */
  public static String finish(Path log, String... args) throws Exception {
    Process p = start(log, args);
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
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
