package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crossmodal.evaluation.EvaluationJob;
import org.crossmodal.io.Hashes;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.training.TeacherTrainer;
import org.crossmodal.training.StudentTrainer;
import org.crossmodal.training.TrainingListener;
import org.crossmodal.training.TrainingCancelledException;
import org.crossmodal.io.RunFolder;
import org.crossmodal.testutil.TinyConfigs;

/** The whole chain on the real data set at toy size: outputs, metrics, and resuming after a stop. */
class TransferRunTest {
  @TempDir Path run;

  @Test
  @SuppressWarnings("unchecked")
  void runsTheChainAndResumesTheStudentAfterAStop() throws Exception {
    TransferConfig c = TinyConfigs.run();
    List<String> first = new ArrayList<>();
    TrainingListener stopAfterRoundOne = new TrainingListener() {
      @Override
      public void onMessage(String m) {
        first.add(m);
      }

      @Override
      public boolean cancelRequested() {
        return first.stream().anyMatch(m -> m.startsWith("round 1 pseudo-labels"));
      }
    };
    assertThrows(TrainingCancelledException.class, () -> TransferRun.run(c, run, stopAfterRoundOne));
    Path teacher = new RunFolder(run).teacher().model();
    String teacherHash = Hashes.sha256(teacher);
    assertTrue(Files.exists(new RunFolder(run).student().checkpoint().state()));
    assertFalse(Files.exists(new RunFolder(run).student().model()));

    List<String> second = new ArrayList<>();
    TransferRun.Outcome o = TransferRun.run(c, run, new TrainingListener() {
      @Override
      public void onMessage(String m) {
        second.add(m);
      }
    });
    assertTrue(second.stream().anyMatch(m -> m.startsWith("stage 1/6: teacher already trained")), second.toString());
    assertTrue(second.contains("resuming the student after round 1"), second.toString());
    assertFalse(second.stream().anyMatch(m -> m.startsWith("round 1 pseudo-labels")), "round 1 ran twice: " + second);
    assertEquals(teacherHash, Hashes.sha256(teacher), "the teacher was retrained");

    Map<String, Object> m = Json.MAPPER.readValue(new RunFolder(run).metrics().toFile(), Map.class);
    for (String k : List.of("teacherOnUltrasound", "student", "oracle")) {
      Map<String, Double> d = (Map<String, Double>) m.get(k);
      assertEquals(List.of("background", "brain", "deep_grey", "meanForeground"), List.copyOf(d.keySet()), k);
      d.values().forEach(v -> assertTrue(v >= 0 && v <= 1, k + " " + d));
      assertEquals((d.get("brain") + d.get("deep_grey")) / 2, d.get("meanForeground"), 1e-9);
    }
    double a = o.teacherOnUltrasound().get("meanForeground"), b = o.student().get("meanForeground"), or = o.oracle().get("meanForeground");
    assertEquals((b - a) / (or - a), ((Number) m.get("gapRecovered")).doubleValue(), 1e-9);
    Map<String, Number> interval = (Map<String, Number>) m.get("gapRecoveredInterval");
    double gap = o.gapRecovered();
    assertTrue(interval.get("low").doubleValue() <= gap && gap <= interval.get("high").doubleValue(), interval + " around " + gap);
    assertEquals(o.gapInterval().slices(), interval.get("slices").intValue());
    Set<Integer> testSlices = new HashSet<>();
    Json.MAPPER.readTree(run.resolve("ultrasound/test/synthetic-us-frames.json").toFile()).path("frames")
        .forEach(f -> testSlices.add(f.path("slice").asInt()));
    assertEquals(testSlices.size(), o.gapInterval().slices(), "one bootstrap unit per test slice");

    List<Map<String, Object>> rounds = (List<Map<String, Object>>) m.get("pseudoLabels");
    assertEquals(2, rounds.size());
    for (Map<String, Object> r : rounds) {
      Map<String, Double> th = (Map<String, Double>) r.get("thresholds");
      th.forEach((cl, t) -> assertTrue(cl.equals("background") || t <= c.student.pseudoLabels.cap + 1e-9, th.toString()));
      double share = ((Map<String, Double>) r.get("classBalance")).values().stream().mapToDouble(Double::doubleValue).sum();
      assertEquals(1, share, 1e-6);
      double ece = ((Number) ((Map<String, Object>) r.get("againstSimulatorTruth")).get("expectedCalibrationError")).doubleValue();
      assertTrue(ece >= 0 && ece <= 1);
      double t = ((Number) r.get("temperature")).doubleValue();
      assertTrue(t >= 0.25 && t <= 8, "confidences calibrated on labelled views: T = " + t);
    }
    // The student adapts to the 12 simulated training frames and to the real echo's unlabelled frames (8 of its 10; the other 2 select the model).
    ImagePlus labels = IJ.openImage(run.resolve("student/pseudo-labels/round-2/pseudo-labels.tif").toString());
    assertEquals(12 + 8, labels.getStackSize());
    ImagePlus conf = IJ.openImage(run.resolve("student/pseudo-labels/round-2/confidence.tif").toString());
    assertEquals(2 * (12 + 8), conf.getStackSize(), "confidence and entropy per frame");

    ModelDescriptor sd = ModelFile.readDescriptor(new RunFolder(run).student().model());
    assertEquals("student", sd.kind());
    assertEquals(List.of("MRI", "US"), sd.domains());
    // The teacher learnt its random looks through ultrasound batch norms of its own (lookDomain).
    assertEquals(List.of("MRI", "US"), ModelFile.readDescriptor(teacher).domains());

    Map<String, Object> sel = (Map<String, Object>) m.get("modelSelection");
    assertEquals(4, ((List<?>) sel.get("epochs")).size(), "start, warm-up, one epoch per round");

    List<Map<String, Object>> real = (List<Map<String, Object>>) m.get("realUltrasound");
    assertEquals(1, real.size(), real.toString());
    assertEquals("trained the student (unlabelled)", real.get(0).get("use"));
    assertNull(m.get("realUltrasoundScored"), "nothing real was labelled");
    String name = (String) real.get(0).get("source");
    ImagePlus realLabels = IJ.openImage(run.resolve("real-ultrasound").resolve(name).resolve("student-labels.tif").toString());
    assertEquals(((Number) real.get(0).get("frames")).intValue(), realLabels.getStackSize());
    assertTrue(Files.exists(run.resolve("config.json")));

    // A user who scores the run's models on the DICOM files it wrote gets the run's own figures: the
    // frames read back find the same imaging areas, so the networks are shown the same inputs.
    RunFolder.Simulation test = new RunFolder(run).ultrasound("test");
    for (String k : List.of("student", "oracle")) {
      Path model = k.equals("student") ? new RunFolder(run).student().model() : new RunFolder(run).oracle().model();
      Map<String, Object> scored = EvaluationJob.run(model, test.dicomImage(), test.dicomSegmentation(), run.resolve("evaluate-" + k), 2);
      Map<String, Double> inRun = (Map<String, Double>) m.get(k);
      for (String cl : List.of("brain", "deep_grey")) {
        assertEquals(inRun.get(cl), ((Number) scored.get(cl)).doubleValue(), 1e-12, k + " " + cl + " scored by evaluate on the run's DICOM");
      }
    }
  }
}
