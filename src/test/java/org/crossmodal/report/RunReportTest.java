package org.crossmodal.report;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossmodal.cli.Main;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelFile;
import org.crossmodal.training.TrainingListener;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.evaluation.Dice;

/**
 * The report of a real toy run, rendered in headless Chromium (Debian {@code chromium}): every image
 * loads, the numbers are the run's, and a partial run gets a report that names what it lacks.
 */
class RunReportTest {
  /** Six charts: loss, Dice, two confidence histograms, reliability, model selection. */
  private static final int CHARTS = 6;
  /** Three test frames × (ultrasound, teacher, student, oracle, truth) + three training frames × (ultrasound, pseudo-labels, truth). */
  private static final int TILES = 3 * 5 + 3 * 3;
  private static final Pattern IMG = Pattern.compile("<img [^>]*src=\"([^\"]+)\"");

  @TempDir static Path tmp;
  static Path run;
  static final List<String> messages = new ArrayList<>();

  @BeforeAll
  static void toyRun() throws Exception {
    TransferConfig c = Json.read(Path.of("plugins/examples/tiny.yaml"), TransferConfig.class);
    c.student.rounds = 2; // a histogram and a reliability curve per round
    run = tmp.resolve("run");
    TransferRun.run(c, run, new TrainingListener() {
      @Override
      public void onMessage(String m) {
        messages.add(m);
      }
    });
  }

  @Test
  void theRunWritesItsReportWhoseImagesAllLoadAndWhoseNumbersAreTheRuns() throws Exception {
    Path index = RunReport.path(run);
    assertTrue(messages.contains("report: " + index), "the run did not write its report last: " + messages);
    String html = Files.readString(index);
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script"), "external URL or script in the report");

    List<String> sources = images(html);
    assertTrue(sources.size() >= CHARTS + TILES, sources.toString());
    for (String s : List.of("loss.png", "dice.png", "confidence-round-1.png", "confidence-round-2.png", "reliability.png",
        "model-selection.png")) {
      assertTrue(sources.contains(s), s + " not in the report: " + sources);
    }
    int[] loaded = renderImages(index);
    assertEquals(sources.size(), loaded[1], "Chromium saw another number of images than the page has");
    assertEquals(loaded[1], loaded[0], "images that did not load in Chromium");

    JsonNode m = Json.MAPPER.readTree(run.resolve("metrics.json").toFile());
    assertTrue(html.contains(row("student (" + m.path("adaptation").asText() + ")", m.path("student"))), "student Dice row");
    assertTrue(html.contains(row("teacher on ultrasound (no adaptation)", m.path("teacherOnUltrasound"))), "teacher Dice row");
    assertTrue(html.contains(row("oracle (trained on ultrasound truth)", m.path("oracle"))), "oracle Dice row");
    assertTrue(html.contains(String.format(Locale.ROOT, "<b id=\"gap-recovered\">%.1f %%</b>", 100 * m.path("gapRecovered").asDouble())));
    JsonNode g = m.path("gapRecoveredInterval");
    assertTrue(html.contains(String.format(Locale.ROOT, "interval over the %d test slices (bootstrap): %.1f %% to %.1f %%",
        g.path("slices").asInt(), 100 * g.path("low").asDouble(), 100 * g.path("high").asDouble())), "bootstrap interval of the gap");
    for (JsonNode r : m.path("pseudoLabels")) {
      assertTrue(html.contains(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.1f %%</td>", r.path("round").asInt(),
          100 * r.path("keptFractionAll").asDouble())), "kept fraction of round " + r.path("round"));
      assertTrue(html.contains(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td>", r.path("round").asInt(),
          r.path("againstSimulatorTruth").path("expectedCalibrationError").asDouble())), "ECE of round " + r.path("round"));
    }

    // Provenance: the input hashes the teacher's model file recorded, the seeds and the configuration.
    JsonNode teacher = Json.MAPPER.valueToTree(ModelFile.readDescriptor(run.resolve("teacher/teacher.model.zip")));
    assertTrue(teacher.path("provenance").path("files").size() >= 2);
    teacher.path("provenance").path("files").fields().forEachRemaining(e ->
        assertTrue(html.contains("<td>" + e.getKey() + "</td><td><code>" + e.getValue().asText() + "</code>"), e.getKey()));
    assertTrue(html.contains("<tr><td>student</td><td>42</td></tr>"), "student seed");
    assertTrue(html.contains(Html.escape(Json.MAPPER.writeValueAsString(Json.MAPPER.readTree(run.resolve("config.json").toFile())))));
    assertFalse(html.contains("Not in this run"), "a finished run has every section");
  }

  @Test
  void aRunStoppedAfterTheTeacherGetsAReportThatSaysWhatIsMissing() throws Exception {
    Path partial = tmp.resolve("partial");
    Files.createDirectories(partial.resolve("teacher"));
    Files.copy(run.resolve("teacher/teacher.model.zip"), partial.resolve("teacher/teacher.model.zip"));
    // Text from the run folder is escaped: a file name that looks like markup stays text.
    ObjectNode config = (ObjectNode) Json.MAPPER.readTree(run.resolve("config.json").toFile());
    config.putArray("ultrasound").add("echo/<img src=x onerror=alert(1)>.dcm");
    Json.write(partial.resolve("config.json"), config);

    assertEquals(0, Main.run("report", partial.toString()));
    String html = Files.readString(RunReport.path(partial));
    for (String missing : List.of("metrics.json (written when the evaluation", "student (student/student.model.zip)",
        "oracle (oracle/oracle.model.zip)", "pseudo-labels (student/pseudo-labels/round-N/)", "calibration (",
        "ultrasound/test/synthetic-us-bmode.tif")) {
      assertTrue(html.contains("Not in this run: " + Html.escape(missing)), "no 'missing' note for " + missing);
    }
    assertFalse(html.contains("<img src=x"));
    assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;.dcm"));
    List<String> sources = images(html);
    assertEquals(List.of("loss.png", "dice.png"), sources, "the teacher's curves are all a stopped run has");
    int[] loaded = renderImages(RunReport.path(partial));
    assertArrayEquals(new int[] {2, 2}, loaded);

    assertEquals(1, Main.run("report", tmp.resolve("not-a-run").toString()), "a folder without config.json is refused");
  }

  private static String row(String name, JsonNode dice) {
    StringBuilder b = new StringBuilder("<tr><td>" + Html.escape(name) + "</td>");
    for (String k : List.of("background", "brain", "deep_grey", "meanForeground")) {
      b.append(String.format(Locale.ROOT, "<td>%.3f</td>", dice.path(k).asDouble()));
    }
    return b.append("</tr>").toString();
  }

  private static List<String> images(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = IMG.matcher(html);
    while (m.find()) out.add(m.group(1));
    return out;
  }

  /**
   * Opens the page in headless Chromium from file:// and returns {images loaded, images in the page}
   * as counted by the browser after the load event (a copy of the page with a counting script).
   */
  static int[] renderImages(Path index) throws IOException, InterruptedException {
    Path probe = index.resolveSibling("probe-images.html");
    Files.writeString(probe, Files.readString(index).replace("</body>", "<script>addEventListener('load', () => {"
        + "const all = [...document.images];"
        + "document.body.setAttribute('data-loaded', all.filter(i => i.complete && i.naturalWidth > 0).length);"
        + "document.body.setAttribute('data-total', all.length); });</script>\n</body>"));
    try {
      String dom = chromium("--dump-dom", "--virtual-time-budget=5000", probe.toUri().toString());
      return new int[] {attribute(dom, "data-loaded"), attribute(dom, "data-total")};
    } finally {
      Files.delete(probe);
    }
  }

  /** Runs headless Chromium as the report test and docs/report.png need it (as root: no sandbox), with a fresh profile. */
  static String chromium(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
    cmd.addAll(List.of(args));
    Path stdout = Files.createTempFile(tmp, "chromium", ".out"), stderr = Files.createTempFile(tmp, "chromium", ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
    if (!p.waitFor(180, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("chromium did not finish within 180 s: " + String.join(" ", cmd));
    }
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(stderr));
    return Files.readString(stdout);
  }

  private static int attribute(String dom, String name) {
    Matcher m = Pattern.compile(name + "=\"(\\d+)\"").matcher(dom);
    assertTrue(m.find(), "Chromium's DOM has no " + name + " (the load event never came?): " + dom.substring(0, Math.min(500, dom.length())));
    return Integer.parseInt(m.group(1));
  }
}
