package org.crossmodal.transfer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.data.UltrasoundInputs;
import org.crossmodal.io.DataSet;

/**
 * What a run of a configuration will train on and roughly how long it takes, before it starts: the
 * MRI and classes of the teacher, the simulated ultrasound, the student's and oracle's training,
 * and the real ultrasound with what it is there for (it has no truth: it shows real DICOM going
 * through pseudo-labelling and the student, and an image that does not show the teacher's anatomy
 * is said to be one). The time is a rough estimate for 2 free cores, from the engine's measured
 * throughput at 128 × 128 (about 20 training and 80 inference images a second; {@code docs/engine.md})
 * scaled by the network's input area; it matched the demo's measured 8 minutes within a minute, and
 * in bf16 the demo took 40 % less (241 against 403 s, docs/engine.md).
 */
public record RunPlan(List<String> lines, double seconds) {
  /** Training and inference images a second at 128 × 128 on 2 cores, and the fixed cost of loading and simulating. */
  static final double TRAIN_PER_S = 20, INFER_PER_S = 80, FIXED_S = 40;
  /** Training slices of the default Colin27 split; a plan for other MRI uses it as a guess and says so. */
  static final int COLIN27_TRAIN_SLICES = 86;

  public static RunPlan of(TransferConfig c) {
    List<String> lines = new ArrayList<>();
    var t = c.teacher;
    var subjects = t.data.subjectList();
    boolean colin27 = subjects.stream().allMatch(x -> "mricron/ch2.nii.gz".equals(x.image));
    String mri = subjects.size() == 1 ? subjects.get(0).image + " with labels " + subjects.get(0).labels
        : "of " + subjects.size() + " subjects (" + String.join("; ", subjects.stream().map(x -> x.image + " with labels " + x.labels).toList()) + ")";
    lines.add(String.format(Locale.ROOT, "teacher: %s MRI %s → classes %s; %d × %d pixels, %s",
        t.data.anatomy, mri, String.join(", ", t.data.recipe.classNames()).replace('_', ' '),
        t.data.size, t.data.size, count(t.training.epochs, "epoch")));
    var s = c.simulation;
    lines.add(String.format(Locale.ROOT, "ultrasound with truth: %d / %d / %d SYNTHETIC frames simulated from the training / "
        + "validation / test slices", s.trainFrames, s.validationFrames, s.testFrames));
    var st = c.student;
    int studentEpochs = st.warmupEpochs + st.rounds * st.epochsPerRound;
    String target = st.target.simulated && st.target.real && !c.ultrasound.isEmpty() ? "the simulated frames without their labels and "
        + "the unlabelled real ultrasound" : st.target.simulated ? "the simulated frames without their labels" : "the unlabelled real ultrasound";
    lines.add(String.format(Locale.ROOT, "student: %s of %s (+ %d warm-up) on %s, adaptation %s", count(st.rounds, "self-training round"),
        count(st.epochsPerRound, "epoch"), st.warmupEpochs, target, st.adaptationName()));
    lines.add(String.format(Locale.ROOT, "oracle (for the comparison only): %s on the simulated frames with their labels",
        count(c.oracle.epochs, "epoch")));
    for (String u : c.ultrasound) lines.add("real ultrasound: " + describe(u, c));
    double scale = (t.data.size / 128.0) * (t.data.size / 128.0);
    double trained = t.training.epochs * (double) COLIN27_TRAIN_SLICES * subjects.size() + studentEpochs * 2.0 * s.trainFrames
        + (double) c.oracle.epochs * s.trainFrames;
    double inferred = studentEpochs * 2.0 * s.validationFrames + st.rounds * 4.0 * s.trainFrames + 3.0 * s.testFrames;
    double seconds = FIXED_S + scale * (trained / TRAIN_PER_S + inferred / INFER_PER_S);
    if (c.ablation) seconds += 6 * scale * (studentEpochs * 2.0 * s.trainFrames) / TRAIN_PER_S;
    lines.add("roughly " + duration(seconds) + " on 2 free cores in fp32, about 40 % less with bf16 training"
        + (colin27 ? "" : " (guessed for Colin27's number of slices)")
        + (c.ablation ? ", with the ablation's extra students" : ""));
    return new RunPlan(List.copyOf(lines), seconds);
  }

  /** The image's own words about what it shows, and what it is there for. */
  static String describe(String path, TransferConfig c) {
    Path p = DataSet.resolve(path);
    if (!Files.exists(p)) return path + " (not found: it will be skipped)";
    try (ScannedStudies scan = new StudyScanner().scan(List.of(p))) {
      if (scan.loadable().isEmpty()) return path + " (not readable: it will be skipped)";
      SeriesInfo first = scan.loadable().get(0);
      String part = first.bodyPartExamined();
      List<String> parts = c.teacher.data.bodyParts;
      String anatomy = c.teacher.data.anatomy;
      String what = (first.studyDescription().isBlank() ? "" : "\"" + first.studyDescription() + "\", ")
          + (part.isBlank() ? "no Body Part Examined" : "Body Part Examined " + part);
      boolean matches = !part.isBlank() && parts.contains(part.toUpperCase(Locale.ROOT));
      boolean labelled = Files.isRegularFile(p) && UltrasoundInputs.labelsBeside(p) != null;
      String use = labelled ? "labels beside it: scored, never trained on"
          : c.student.target.real ? "no truth: the student adapts to it, nothing of it is scored" : "no truth, so nothing of it is scored";
      return path + " (" + what + "); " + use + (matches ? ""
          : ": it does not show " + anatomy + (c.student.target.real && !labelled ? "" : ", and is there only to show real DICOM "
          + "ultrasound going through pseudo-labelling and the student") + "; its labels mean nothing anatomically");
    } catch (Exception e) {
      return path + " (" + e.getMessage() + ")";
    }
  }

  static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  static String duration(double seconds) {
    long minutes = Math.max(1, Math.round(seconds / 60));
    return minutes < 90 ? minutes + " min" : minutes / 60 + " h " + minutes % 60 + " min";
  }
}
