package org.crossmodal.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Helpers for tests: running the real external tools, and checksums of input trees. */
public final class Tools {
  private Tools() {}

  public record Result(int exitCode, String output) {}

  /** Runs a command, returns its exit code and combined output. */
  public static Result run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    return new Result(p.waitFor(), out);
  }

  /** Runs a command that must succeed. */
  public static String ok(String... command) throws IOException, InterruptedException {
    Result r = run(command);
    if (r.exitCode() != 0) throw new IOException(String.join(" ", command) + " failed (" + r.exitCode() + "): " + r.output());
    return r.output();
  }

  /** SHA-256 of every regular file under the given paths, by path. */
  public static Map<Path, String> checksums(List<Path> roots) throws IOException {
    Map<Path, String> out = new TreeMap<>();
    for (Path root : roots) {
      List<Path> files = new ArrayList<>();
      try (Stream<Path> s = Files.walk(root)) {
        s.filter(Files::isRegularFile).forEach(files::add);
      }
      for (Path f : files) out.put(f, org.crossmodal.io.Hashes.sha256(f));
    }
    return out;
  }

  /** Runs a Python snippet with Debian's python3 (pydicom, numpy); argv[1..] are the arguments. */
  public static String python(String script, String... args) throws IOException, InterruptedException {
    String[] cmd = new String[args.length + 3];
    cmd[0] = "/usr/bin/python3";
    cmd[1] = "-c";
    cmd[2] = script;
    System.arraycopy(args, 0, cmd, 3, args.length);
    return ok(cmd).strip();
  }
}
