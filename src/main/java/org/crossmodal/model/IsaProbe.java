package org.crossmodal.model;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.crossmodal.io.Hashes;
import org.crossmodal.io.Json;

/**
 * Runs the oneDNN ISA self-test ({@link IsaSelfTest}) in child JVMs and caches the verdict per CPU
 * model, CPU flags, libtorch version and test version, next to DJL's cache
 * ({@code DJL_CACHE_DIR}/{@code ENGINE_CACHE_DIR}, default {@code ~/.djl.ai}) in
 * {@code crossmodal/isa-*.json}. oneDNN reads its ISA cap once per process, so the capped reference
 * and the uncapped candidate (which also runs the bf16 cases) cannot share one: each runs in a JVM of its own, at the same time,
 * with {@code ONEDNN_VERBOSE=1} so that the ISA oneDNN detected and the kernels it chose are part
 * of the evidence.
 */
final class IsaProbe {
  /** The shapes tested: the demo network (depth 3, 16/32/64/128 channels) on 128×128, batches of 4. */
  static final UNetConfig ARCH = UNetConfig.demo(3);
  static final int SIZE = 128, BATCH = 4;
  private static final long TIMEOUT_SECONDS = 600;

  private IsaProbe() {}

  /** libtorch's version from the native jar DJL loads (no engine needs to start for it). */
  static String libtorchVersion() {
    try (InputStream in = Engines.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown") + "-" + p.getProperty("flavor", "") + "-" + p.getProperty("classifier", "");
    } catch (IOException e) {
      return "unknown";
    }
  }

  static String key(CpuFeatures cpu, String libtorch) {
    return String.join("|", cpu.model(), String.join(" ", cpu.flags()), "libtorch " + libtorch,
        "self-test " + IsaSelfTest.VERSION, "U-Net " + ARCH.depth() + "x" + ARCH.baseChannels() + " " + SIZE + " batch " + BATCH);
  }

  static Path cacheFile(String key) {
    return ai.djl.util.Utils.getEngineCacheDir().resolve("crossmodal")
        .resolve("isa-" + Hashes.sha256(key.getBytes(StandardCharsets.UTF_8)).substring(0, 16) + ".json");
  }

  /** The cached verdict for this key, or null (none, unreadable, or another key). */
  static IsaVerdict cached(String key) {
    Path f = cacheFile(key);
    if (!Files.isRegularFile(f)) return null;
    try {
      IsaVerdict v = Json.MAPPER.readValue(f.toFile(), IsaVerdict.class);
      return key.equals(v.key()) ? v : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * Runs the reference (AVX2 cap), the uncapped candidate and, if {@code testBf16}, the uncapped
   * candidate (with its bf16 passes), side by side, and decides. A conclusive verdict is cached.
   */
  static IsaVerdict run(CpuFeatures cpu, int threads, boolean testBf16) {
    return run(cpu, threads, testBf16, ARCH, SIZE, BATCH, true);
  }

  /** The same at other shapes; {@code cache}: whether a conclusive verdict is written to the cache. */
  static IsaVerdict run(CpuFeatures cpu, int threads, boolean testBf16, UNetConfig arch, int size, int batch, boolean cache) {
    String libtorch = libtorchVersion(), key = key(cpu, libtorch);
    long t0 = System.nanoTime();
    Map<String, String> isa = new LinkedHashMap<>();
    Map<String, List<String>> kernels = new LinkedHashMap<>();
    IsaVerdict.Decision d;
    Path dir = null;
    try {
      dir = Files.createTempDirectory("crossmodal-isa-");
      List<Child> children = new ArrayList<>();
      String[] shapes = {Integer.toString(batch), Integer.toString(size), Integer.toString(arch.depth()),
          Integer.toString(arch.baseChannels()), Integer.toString(threads)};
      children.add(Child.start("AVX2", "AVX2", shapes, false, dir));
      children.add(Child.start("uncapped", "ALL", shapes, testBf16, dir));
      List<IsaVerdict.Side> sides = new ArrayList<>();
      for (Child c : children) {
        sides.add(c.finish());
        if (c.isa != null) isa.put(c.name, c.isa);
        kernels.put(c.name, List.copyOf(c.kernels));
      }
      IsaVerdict.Side[] uncapped = IsaVerdict.split(sides.get(1));
      d = IsaVerdict.decide(sides.get(0), uncapped[0], testBf16 ? uncapped[1] : null);
    } catch (IOException e) {
      d = new IsaVerdict.Decision(false, testBf16 ? false : null, "the self-test could not start: " + e.getMessage()
          + "; the cap stays", Double.NaN, Double.NaN, false);
    } finally {
      deleteTree(dir);
    }
    IsaVerdict v = new IsaVerdict(key, cpu.model(), libtorch, d.uncappedSafe(), d.bf16Safe(), d.reason(),
        d.uncappedDifference(), d.bf16Difference(), isa, kernels, (System.nanoTime() - t0) / 1e9, Instant.now().toString());
    if (d.cacheable() && cache) {
      try {
        Files.createDirectories(cacheFile(key).getParent());
        Json.write(cacheFile(key), v);
      } catch (IOException e) {
        System.err.println("engine: the self-test verdict could not be cached (" + e.getMessage() + "); it runs again next time");
      }
    }
    return v;
  }

  /** One self-test JVM and what its oneDNN said about itself. */
  private static final class Child {
    final String name;
    final Process process;
    final Path out, log;
    String isa;
    final Set<String> kernels = new TreeSet<>();

    private Child(String name, Process process, Path out, Path log) {
      this.name = name;
      this.process = process;
      this.out = out;
      this.log = log;
    }

    static Child start(String name, String maxIsa, String[] shapes, boolean bf16, Path dir) throws IOException {
      String file = name.replace(' ', '-');
      Path out = dir.resolve(file + ".bin"), log = dir.resolve(file + ".log");
      List<String> cmd = command(classPath(Engines.class.getClassLoader()), out, shapes, bf16);
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("ONEDNN_MAX_CPU_ISA", maxIsa);
      pb.environment().put("ONEDNN_VERBOSE", "1");
      return new Child(name, pb.start(), out, log);
    }

    IsaVerdict.Side finish() {
      try {
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          return IsaVerdict.Side.failed("it did not finish within " + TIMEOUT_SECONDS + " s");
        }
        readLog();
        if (process.exitValue() != 0) return IsaVerdict.Side.failed("exit " + process.exitValue() + lastLine());
        return IsaVerdict.Side.of(IsaSelfTest.read(out));
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        return IsaVerdict.Side.failed("interrupted");
      } catch (IOException e) {
        return IsaVerdict.Side.failed(e.getMessage());
      }
    }

    /** oneDNN's verbose lines: {@code info,cpu,isa:NAME} and {@code primitive,exec,cpu,convolution,IMPL,PROP,...}. */
    private void readLog() throws IOException {
      if (!Files.exists(log)) return;
      for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
        if (!line.startsWith("onednn_verbose")) continue;
        int at = line.indexOf(",isa:");
        if (at >= 0 && isa == null) isa = line.substring(at + 5).strip();
        String[] f = line.split(",");
        for (int i = 0; i + 2 < f.length; i++) {
          if (f[i].equals("convolution") && (f[i + 2].startsWith("forward") || f[i + 2].startsWith("backward"))) {
            kernels.add(f[i + 2] + " " + f[i + 1]);
            break;
          }
        }
      }
    }

    private String lastLine() throws IOException {
      if (!Files.exists(log)) return "";
      List<String> lines = Files.readAllLines(log, StandardCharsets.ISO_8859_1).stream()
          .filter(l -> !l.startsWith("onednn_verbose") && !l.isBlank()).toList();
      return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1);
    }
  }

  /**
   * The self-test JVM's command: this JVM's java, the class path where {@code loader} found the
   * project, DJL and their libraries, and the DJL settings this JVM was given as system properties
   * (a Spark executor sets its own {@code DJL_CACHE_DIR}; the child must unpack and find libtorch
   * where its parent does).
   */
  static List<String> command(String classPath, Path out, String[] shapes, boolean bf16) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-Dai.djl.offline=true"));
    for (String name : new String[] {"DJL_CACHE_DIR", "ENGINE_CACHE_DIR"}) {
      String v = System.getProperty(name);
      if (v != null && !v.isBlank()) cmd.add("-D" + name + "=" + v);
    }
    cmd.addAll(List.of("-cp", classPath, IsaSelfTest.class.getName(), out.toString()));
    cmd.addAll(List.of(shapes));
    if (bf16) cmd.add("bf16");
    return cmd;
  }

  /** What the self-test JVM loads: the project, DJL's API, PyTorch engine, JNI and native jars, and their libraries. */
  static final String[] RESOURCES = {"org/crossmodal/model/IsaSelfTest.class", "ai/djl/engine/Engine.class",
      "ai/djl/pytorch/engine/PtEngine.class", "native/lib/pytorch.properties", "jnilib/pytorch.properties",
      "com/sun/jna/Native.class", "org/slf4j/LoggerFactory.class", "com/google/gson/Gson.class",
      "org/apache/commons/compress/archivers/ArchiveEntry.class"};

  /**
   * The self-test JVM's class path: where {@code loader} finds each of {@link #RESOURCES} (a jar, or
   * the folder a class was compiled into), in that order. Not {@code java.class.path}: that is the
   * class path of whoever started this JVM, which on a Spark executor is Spark's own jars (the
   * project arrives in the application jar, on another loader), in Fiji ImageJ's launcher, and either
   * may hold other versions of the same libraries ahead of ours.
   */
  static String classPath(ClassLoader loader) {
    Set<String> entries = new LinkedHashSet<>();
    for (String resource : RESOURCES) {
      String e = location(loader.getResource(resource), resource);
      if (e != null) entries.add(e);
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  private static String location(URL url, String resource) {
    if (url == null) return null;
    try {
      String s = url.toString();
      if (s.startsWith("jar:")) return Path.of(new java.net.URI(s.substring(4, s.indexOf("!/")))).toString();
      if (s.startsWith("file:")) {
        Path p = Path.of(url.toURI());
        for (int i = resource.split("/").length; i > 0; i--) p = p.getParent();
        return p.toString();
      }
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private static void deleteTree(Path dir) {
    if (dir == null) return;
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
