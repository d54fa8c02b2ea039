package org.crossmodal.report;

import com.fasterxml.jackson.databind.JsonNode;
import ij.ImagePlus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.DoubleStream;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.GapInterval;
import org.crossmodal.evaluation.RunMetrics;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Hashes;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;

/**
 * The HTML report of a run folder: {@code RUN/report/index.html} with its PNG charts and gallery
 * tiles beside it. It reads only what the run wrote (metrics, model descriptors, pseudo-label
 * images and statistics, config); a section whose files are absent says so, so a partial run gets
 * a partial report. Every file is written atomically, the page last.
 */
public final class RunReport {
  private static final String INDEX = "index.html";
  private static final int HISTOGRAM_BINS = 20;

  private final RunFiles run;
  private final RunFolder folder;
  private final Path out;
  private final Map<String, JsonNode> models = new LinkedHashMap<>();
  private final RunMetrics metrics;
  private final JsonNode config;
  private final List<String> classes = new ArrayList<>();

  private RunReport(Path runDir) throws IOException {
    folder = new RunFolder(runDir);
    run = new RunFiles(folder);
    out = folder.report();
    config = run.json(folder.config());
    if (config == null) throw new IOException(runDir + ": not a run folder (no " + run.name(folder.config()) + ")");
    metrics = RunMetrics.read(folder.metrics());
    for (String kind : RunFolder.MODELS) {
      JsonNode d = run.descriptor(kind);
      if (d != null) models.put(kind, d);
    }
    JsonNode any = models.values().stream().findFirst().orElse(null);
    if (any != null) any.path("classes").forEach(c -> classes.add(c.asText()));
  }

  /** Where the report of {@code runDir} is. */
  public static Path path(Path runDir) {
    return new RunFolder(runDir).report().resolve(INDEX);
  }

  /** (Re)writes the report of a run folder and returns the path of its {@code index.html}. */
  public static Path write(Path runDir) throws IOException {
    return new RunReport(runDir).write();
  }

  private Path write() throws IOException {
    Files.createDirectories(out);
    JsonNode teacher = models.get("teacher");
    TrainingFrames train = teacher == null ? null
        : TrainingFrames.load(run, new NetworkGeometry(teacher.path("inputSize").asInt(), teacher.path("fieldOfViewMm").asDouble()));
    StringBuilder body = new StringBuilder("<h1>CrossModal Transfer: run report</h1>\n");
    body.append(Html.p("Run folder " + folder.dir().toAbsolutePath().normalize().getFileName() + "; report written "
        + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ". The ultrasound with truth is SYNTHETIC (simulated from labelled MRI)."));
    body.append("<p>Sections: <a href=\"#summary\">summary</a> · <a href=\"#training\">training curves</a> · "
        + "<a href=\"#pseudo-labels\">pseudo-labels</a> · <a href=\"#calibration\">calibration</a> · "
        + "<a href=\"#model-selection\">model selection</a> · <a href=\"#gallery\">gallery</a> · "
        + "<a href=\"#provenance\">provenance</a></p>\n");
    body.append(Html.section("summary", "Summary: Dice on test ultrasound", summary()));
    body.append(Html.section("training", "Training curves", training()));
    body.append(Html.section("pseudo-labels", "Pseudo-labels", pseudoLabels(train)));
    body.append(Html.section("calibration", "Calibration of pseudo-label confidence", calibration()));
    body.append(Html.section("model-selection", "Model selection without labels", modelSelection()));
    body.append(Html.section("gallery", "Gallery", Gallery.section(run, classes, train, out)));
    body.append(Html.section("provenance", "Provenance", provenance()));
    Path index = path(folder.dir());
    AtomicFiles.write(index, Html.page("CrossModal Transfer run report", body.toString()).getBytes(StandardCharsets.UTF_8));
    return index;
  }

  private String summary() {
    if (metrics == null) return Html.missing(run.name(folder.metrics()) + " (written when the evaluation, stage 6, finishes)");
    List<String> keys = new ArrayList<>(metrics.student().values().keySet());
    List<String> header = new ArrayList<>(List.of("model"));
    header.addAll(keys);
    List<List<String>> rows = new ArrayList<>();
    rows.add(diceRow("teacher on MRI (test slices)", metrics.teacherOnMri(), keys));
    rows.add(diceRow("teacher on ultrasound (no adaptation)", metrics.teacherOnUltrasound(), keys));
    rows.add(diceRow("student (" + metrics.adaptation() + ")", metrics.student(), keys));
    rows.add(diceRow("oracle (trained on ultrasound truth)", metrics.oracle(), keys));
    return Html.p("Dice per class on " + metrics.testFrames() + " test frames from held-out slices, inside the "
        + "imaging area (metrics.json). The teacher on MRI is its own test set, for reference.")
        + Html.table("dice", header, rows)
        + "<p>Gap recovered (mean foreground, (student − teacher) / (oracle − teacher)): <b id=\"gap-recovered\">"
        + Html.percent(metrics.gapRecovered()) + "</b>" + interval(metrics.gapRecoveredInterval()) + "</p>\n";
  }

  /** The bootstrap interval of the gap over test slices, when the run has one (runs made before 2026-11-30 do not). */
  private static String interval(GapInterval g) {
    if (g == null) return "";
    return "; " + Html.percent(g.level()) + " interval over the " + g.slices() + " test slices (bootstrap): "
        + Html.percent(g.low()) + " to " + Html.percent(g.high());
  }

  private static List<String> diceRow(String name, ClassDice dice, List<String> keys) {
    List<String> row = new ArrayList<>(List.of(name));
    keys.forEach(k -> row.add(Html.number(dice == null || !dice.values().containsKey(k) ? Double.NaN : dice.get(k))));
    return row;
  }

  private String training() throws IOException {
    Map<String, List<Plots.Point>> loss = new LinkedHashMap<>(), dice = new LinkedHashMap<>();
    StringBuilder notes = new StringBuilder();
    for (String kind : RunFolder.MODELS) {
      JsonNode history = history(kind, notes);
      if (history == null) continue;
      for (JsonNode h : history) {
        String series = switch (kind) {
          case "teacher" -> "teacher (MRI)";
          case "oracle" -> "oracle (ultrasound truth)";
          default -> h.path("round").asInt() == 0 ? "student start / warm-up" : "student round " + h.path("round").asInt();
        };
        int epoch = h.path("epoch").asInt();
        if (h.has("loss")) loss.computeIfAbsent(series, k -> new ArrayList<>()).add(new Plots.Point(epoch, number(h.path("loss"))));
        JsonNode d = kind.equals("student") ? h.path("trueDice") : h.path("validationDice");
        if (d.has(ClassDice.MEAN_FOREGROUND)) {
          dice.computeIfAbsent(series, k -> new ArrayList<>()).add(new Plots.Point(epoch, number(d.path(ClassDice.MEAN_FOREGROUND))));
        }
      }
    }
    if (loss.isEmpty() && dice.isEmpty()) return notes + Html.missing("training histories (no model file or checkpoint yet)");
    StringBuilder b = new StringBuilder(notes);
    if (!loss.isEmpty()) {
      Plots.save(Plots.curves("Training loss per epoch", "epoch", "mean training loss", loss), out.resolve("loss.png"));
      b.append(Html.figure("loss.png", "training loss per epoch", "Mean training loss per epoch. The student's loss adds the "
          + "MRI, pseudo-label, adversarial and consistency terms, so its scale differs from the teacher's and the oracle's."));
    }
    if (!dice.isEmpty()) {
      Plots.save(Plots.curves("Validation Dice per epoch", "epoch", "mean foreground Dice", dice), out.resolve("dice.png"));
      b.append(Html.figure("dice.png", "validation Dice per epoch", "Mean foreground Dice on validation data after each epoch: "
          + "the teacher on MRI slices, the student and the oracle on validation ultrasound (the student's true Dice is "
          + "recorded for this report only; its model selection never reads it)."));
    }
    return b.toString();
  }

  /** A model's per-epoch history: from its model file, else from its checkpoint while it is still training. */
  private JsonNode history(String kind, StringBuilder notes) throws IOException {
    JsonNode d = models.get(kind);
    if (d != null) return d.path("metrics").path("history");
    Path checkpoint = folder.model(kind).checkpoint().state();
    JsonNode state = run.json(checkpoint);
    if (state != null) {
      notes.append(Html.p("The " + kind + " has not finished training: its curves come from " + run.name(checkpoint) + "."));
      return state.path("history");
    }
    notes.append(Html.missing(kind + " (" + run.name(folder.model(kind).model()) + ")"));
    return null;
  }

  private String pseudoLabels(TrainingFrames train) throws IOException {
    List<Integer> rounds = run.pseudoLabelRounds();
    if (rounds.isEmpty()) return Html.missing("pseudo-labels (" + run.name(folder.student().pseudoLabelRounds()) + "/round-N/)") + realUltrasound();
    StringBuilder b = new StringBuilder(Html.p("Per self-training round, on the training ultrasound: each class keeps the pixels "
        + "predicted as that class whose confidence reaches the class's threshold; the rest is ignored in the loss "
        + "(student/pseudo-labels/round-N/pseudo-labels.json)."));
    List<List<String>> overall = new ArrayList<>(), perClass = new ArrayList<>();
    for (int r : rounds) {
      JsonNode s = run.json(run.round(r).stats());
      if (s == null) {
        overall.add(List.of(String.valueOf(r), "missing", "–"));
        continue;
      }
      overall.add(List.of(String.valueOf(r), Html.percent(number(s.path("keptFractionAll"))), Html.number(number(s.path("meanEntropy")))));
      for (Iterator<String> it = s.path("thresholds").fieldNames(); it.hasNext(); ) {
        String c = it.next();
        perClass.add(List.of(String.valueOf(r), Html.escape(c), Html.number(number(s.path("thresholds").path(c))),
            Html.percent(number(s.path("keptFraction").path(c))), Html.percent(number(s.path("classBalance").path(c)))));
      }
    }
    b.append(Html.table("pseudo-label-rounds", List.of("round", "kept (of the imaging area)", "mean entropy"), overall));
    b.append(Html.table("pseudo-label-classes", List.of("round", "class", "threshold", "kept (of pixels predicted as the class)",
        "class balance (share of kept pixels)"), perClass));
    for (int r : rounds) b.append(confidenceHistogram(r, train));
    return b + realUltrasound();
  }

  /** Confidence of the pixels kept and ignored in one round, inside the imaging area when it is known. */
  private String confidenceHistogram(int round, TrainingFrames train) throws IOException {
    ImagePlus conf = run.image(run.round(round).confidence()), labels = run.image(run.round(round).labels());
    if (conf == null || labels == null) return Html.missing("round " + round + " confidence.tif or pseudo-labels.tif");
    int frames = labels.getStackSize();
    boolean masked = train != null && train.size() == labels.getWidth() && train.area().size() == frames;
    DoubleStream.Builder kept = DoubleStream.builder(), ignored = DoubleStream.builder();
    for (int f = 0; f < frames; f++) {
      float[] c = (float[]) conf.getStack().getProcessor(conf.getStackIndex(1, 1, f + 1)).getPixels();
      byte[] l = (byte[]) labels.getStack().getProcessor(f + 1).getPixels();
      for (int i = 0; i < c.length; i++) {
        if (masked && !train.area().get(f)[i]) continue;
        ((l[i] & 0xff) == 255 ? ignored : kept).add(c[i]);
      }
    }
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("kept", kept.build().toArray());
    series.put("ignored", ignored.build().toArray());
    String png = "confidence-round-" + round + ".png";
    Plots.save(Plots.histogram("Pseudo-label confidence, round " + round, series, HISTOGRAM_BINS), out.resolve(png));
    return Html.figure(png, "confidence histogram of round " + round, "Round " + round + ": confidence of the pixels "
        + (masked ? "inside the imaging area" : "of the whole frame (imaging area unknown)") + " of " + frames
        + " training frames, kept and ignored (confidence.tif, pseudo-labels.tif).");
  }

  private String realUltrasound() {
    if (metrics == null || metrics.realUltrasound() == null || metrics.realUltrasound().isEmpty()) return "";
    List<List<String>> rows = new ArrayList<>();
    for (JsonNode r : metrics.realUltrasound()) {
      if (r.has("error")) {
        rows.add(List.of("not read", Html.escape(r.path("error").asText()), "–", "–", "–"));
      } else {
        JsonNode dice = r.path("dice");
        rows.add(List.of(Html.escape(r.path("source").asText()), String.valueOf(r.path("frames").asInt()), Html.escape(r.path("use").asText()),
            Html.percent(number(r.path("pseudoLabels").path("keptFractionAll"))),
            dice.isMissingNode() ? "no labels" : Html.number(number(dice.path("teacher").path("meanForeground"))) + " / "
                + Html.number(number(dice.path("student").path("meanForeground"))) + " / "
                + Html.number(number(dice.path("oracle").path("meanForeground")))));
      }
    }
    return "<h3>Real ultrasound</h3>\n" + Html.p("Pseudo-labelled by the teacher and segmented by the student into "
        + "real-ultrasound/NAME/. Unlabelled sources train the student when student.target.real is on; sources with labels beside "
        + "them are never trained on and are scored (mean foreground Dice of teacher / student / oracle).")
        + Html.table("real-ultrasound", List.of("source", "frames", "use", "pseudo-labels kept", "Dice teacher / student / oracle"), rows);
  }

  private String calibration() throws IOException {
    Map<String, List<Plots.Point>> curves = new LinkedHashMap<>();
    List<List<String>> rows = new ArrayList<>();
    List<String> header = new ArrayList<>(List.of("round", "expected calibration error"));
    for (int r : run.pseudoLabelRounds()) {
      JsonNode c = run.json(run.round(r).calibration());
      if (c == null) continue;
      JsonNode t = c.path("againstSimulatorTruth");
      double ece = number(t.path("expectedCalibrationError"));
      List<String> row = new ArrayList<>(List.of(String.valueOf(r), Html.number(ece)));
      for (Iterator<Map.Entry<String, JsonNode>> it = t.path("keptAccuracy").fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (rows.isEmpty()) header.add("accuracy of kept " + e.getKey());
        row.add(Html.number(number(e.getValue())));
      }
      rows.add(row);
      List<Plots.Point> points = new ArrayList<>();
      for (JsonNode bin : t.path("reliability")) {
        if (bin.path("pixels").asLong() > 0) points.add(new Plots.Point(number(bin.path("meanConfidence")), number(bin.path("accuracy"))));
      }
      curves.put(String.format(java.util.Locale.ROOT, "round %d (ECE %.3f)", r, ece), points);
    }
    if (rows.isEmpty()) {
      return Html.missing("calibration (student/pseudo-labels/round-N/calibration.json: written only where the training "
          + "ultrasound has truth)");
    }
    Plots.save(Plots.reliability(curves), out.resolve("reliability.png"));
    return Html.p("Pseudo-label confidence against the simulator's truth of the training frames (never trained on): expected "
        + "calibration error over 10 confidence bins, and the accuracy of the kept labels per class (calibration.json).")
        + Html.table("calibration", header, rows)
        + Html.figure("reliability.png", "reliability diagram", "Reliability diagram: points below the diagonal are over-confident "
        + "bins. Bins without pixels are left out.");
  }

  private String modelSelection() throws IOException {
    if (metrics == null) return Html.missing(run.name(folder.metrics()));
    JsonNode s = metrics.modelSelection() == null ? Json.MAPPER.createObjectNode() : metrics.modelSelection();
    if (!s.path("epochs").isArray()) {
      return Html.p("Selection score " + s.path("selection").asText("?") + ", chosen at " + s.path("selectedAt").asText("?") + ".")
          + Html.missing("true Dice on the validation frames (they have no truth)");
    }
    List<List<String>> rows = new ArrayList<>();
    for (String score : List.of("flipAgreement", "entropy")) {
      rows.add(List.of(score.equals("entropy") ? "negated mean entropy" : "flip agreement",
          Html.number(number(s.path(score).path("pearson"))), Html.number(number(s.path(score).path("spearman")))));
    }
    Map<String, List<Plots.Point>> curves = new LinkedHashMap<>();
    for (JsonNode e : s.path("epochs")) {
      curves.computeIfAbsent("flip agreement", k -> new ArrayList<>()).add(new Plots.Point(e.path("epoch").asInt(), number(e.path("flipAgreement"))));
      curves.computeIfAbsent("true validation Dice (mean foreground)", k -> new ArrayList<>())
          .add(new Plots.Point(e.path("epoch").asInt(), number(e.path("trueDice"))));
    }
    Plots.save(Plots.curves("Label-free score and true Dice per student epoch", "epoch (0: before training)", "score", curves),
        out.resolve("model-selection.png"));
    return Html.p("The student's epoch is chosen by " + s.path("selection").asText() + " on validation ultrasound, without labels; "
        + "chosen: " + s.path("selectedAt").asText() + ", whose true validation Dice is " + Html.number(number(s.path("trueDiceOfSelected")))
        + " (best of any epoch: " + Html.number(number(s.path("bestTrueDice"))) + "). Correlation of each score with true Dice over "
        + "the epochs (metrics.json › modelSelection; – where there are fewer than 3 epochs or a score is constant):")
        + Html.table("selection", List.of("score", "Pearson", "Spearman"), rows)
        + Html.figure("model-selection.png", "model selection scores per epoch", "Flip agreement and the true validation Dice, "
        + "per student epoch (the rule in use: " + s.path("selection").asText() + ").");
  }

  private String provenance() throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("<h3>Seeds</h3>\n").append(Html.table("seeds", List.of("what", "seed"), List.of(
        List.of("teacher training", Html.escape(config.path("teacher").path("training").path("seed").asText())),
        List.of("simulation (train; validation +1, test +2)", Html.escape(config.path("simulation").path("seed").asText())),
        List.of("student", Html.escape(config.path("student").path("seed").asText())))));

    b.append("<h3>Software versions</h3>\n");
    Map<String, JsonNode> sources = new LinkedHashMap<>();
    if (metrics != null) sources.put("run (metrics.json)", Json.MAPPER.valueToTree(metrics.versions()));
    models.forEach((k, d) -> sources.put(k + " model file", d.path("versions")));
    Set<String> names = new LinkedHashSet<>();
    sources.values().forEach(v -> v.fieldNames().forEachRemaining(names::add));
    List<List<String>> rows = new ArrayList<>();
    sources.forEach((k, v) -> {
      List<String> row = new ArrayList<>(List.of(k));
      names.forEach(n -> row.add(Html.escape(v.path(n).asText("–"))));
      rows.add(row);
    });
    List<String> header = new ArrayList<>(List.of("recorded by"));
    header.addAll(names);
    b.append(names.isEmpty() ? Html.missing("software versions (metrics.json or a model file)") : Html.table("versions", header, rows));
    b.append(Html.p("This report: CrossModal Transfer " + RunReport.class.getPackage().getImplementationVersion() + ", Java "
        + System.getProperty("java.version") + "."));

    b.append("<h3>Input data</h3>\n");
    List<List<String>> inputs = new ArrayList<>();
    JsonNode teacher = models.get("teacher");
    if (teacher != null) {
      teacher.path("provenance").path("files").fields().forEachRemaining(e ->
          inputs.add(List.of(e.getKey(), code(e.getValue().asText()), "teacher model file")));
    }
    for (JsonNode u : config.path("ultrasound")) {
      Path p = DataSet.resolve(u.asText());
      inputs.add(List.of(Path.of(u.asText()).getFileName().toString(), Files.isRegularFile(p) ? code(Hashes.sha256(p)) : "not found",
          "computed now (real ultrasound)"));
    }
    b.append(inputs.isEmpty() ? Html.missing("input hashes (teacher model file)")
        : Html.table("input-hashes", List.of("file", "SHA-256", "recorded by"), inputs));
    if (teacher != null) {
      JsonNode split = teacher.path("provenance").path("split");
      b.append(Html.p("MRI slice split (blocks of " + split.path("blockSize").asInt() + " with guard slices): " + split.path("train").size()
          + " training, " + split.path("validation").size() + " validation, " + split.path("test").size() + " test slices; the "
          + "ultrasound frames of each part are simulated from that part's slices only."));
    }

    b.append("<h3>Files of this run</h3>\n");
    List<List<String>> files = new ArrayList<>();
    List<Path> listed = new ArrayList<>();
    RunFolder.MODELS.forEach(k -> listed.add(folder.model(k).model()));
    for (String part : RunFolder.ULTRASOUND_PARTS) {
      listed.add(folder.ultrasound(part).dicomImage());
      listed.add(folder.ultrasound(part).dicomSegmentation());
    }
    for (Path f : listed) if (run.has(f)) files.add(List.of(run.name(f), code(Hashes.sha256(f))));
    b.append(files.isEmpty() ? Html.missing("models and simulated ultrasound") : Html.table("run-hashes", List.of("file", "SHA-256"), files));

    b.append("<h3>Configuration as used (config.json)</h3>\n").append(Html.pre(Json.MAPPER.writeValueAsString(config)));
    return b.toString();
  }

  private static String code(String s) {
    return "<code>" + Html.escape(s) + "</code>";
  }

  /** A JSON number (Jackson writes NaN as the string "NaN"), NaN when absent. */
  private static double number(JsonNode n) {
    return n.isNumber() ? n.asDouble() : n.isTextual() ? n.asDouble(Double.NaN) : Double.NaN;
  }
}
