package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyConfigs;
import org.crossmodal.training.TrainingListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose student adapts to real DICOM ultrasound only (simulation off for training): the
 * unlabelled echo trains it; a copy with a label TIFF beside it is never trained on and is scored.
 */
class RealUltrasoundRunTest {
  @TempDir Path tmp;

  @Test
  @SuppressWarnings("unchecked")
  void theStudentLearnsFromRealUltrasoundAloneAndLabelledUltrasoundIsScored() throws Exception {
    Path echo = DataSet.file(TransferConfig.DEMO_ECHO);
    Path exam = Files.createDirectories(tmp.resolve("exam"));
    Files.copy(echo, exam.resolve("case7.dcm"));
    ImageSource src = open(echo);
    writeLabels(src, exam.resolve("case7_labels.tif"));

    TransferConfig c = TinyConfigs.run();
    c.student.target.simulated = false;
    c.ultrasound = new ArrayList<>(List.of(echo.toString(), exam.toString()));
    Path run = tmp.resolve("run");
    List<String> log = new ArrayList<>();
    TransferRun.run(c, run, new TrainingListener() {
      @Override
      public void onMessage(String m) {
        log.add(m);
      }
    });
    int frames = src.frames().length;
    int trained = frames - frames / RealUltrasound.VALIDATION_EVERY;
    assertTrue(log.stream().anyMatch(m -> m.contains("student") && m.endsWith("on " + frames + " real ultrasound frames")), log.toString());
    ImagePlus pl = IJ.openImage(run.resolve("student/pseudo-labels/round-2/pseudo-labels.tif").toString());
    assertEquals(trained, pl.getStackSize(), "the student's ultrasound is the unlabelled echo's training frames, nothing simulated");
    assertEquals(List.of("MRI", "US"), ModelFile.readDescriptor(new RunFolder(run).student().model()).domains());

    Map<String, Object> m = Json.MAPPER.readValue(new RunFolder(run).metrics().toFile(), Map.class);
    List<Map<String, Object>> real = (List<Map<String, Object>>) m.get("realUltrasound");
    assertEquals(2, real.size(), real.toString());
    Map<String, Object> unlabelled = real.get(0), labelled = real.get(1);
    assertEquals("trained the student (unlabelled)", unlabelled.get("use"));
    assertNull(unlabelled.get("dice"));
    assertEquals("case7", labelled.get("source"));
    assertEquals("case7_labels.tif", labelled.get("labels"));
    Map<String, Map<String, Double>> dice = (Map<String, Map<String, Double>>) labelled.get("dice");
    assertEquals(List.of("teacher", "student", "oracle"), List.copyOf(dice.keySet()));
    dice.values().forEach(d -> assertEquals(List.of("background", "brain", "deep_grey", "meanForeground"), List.copyOf(d.keySet())));
    Map<String, Object> scored = (Map<String, Object>) m.get("realUltrasoundScored");
    assertEquals(frames, ((Number) scored.get("frames")).intValue());
    assertEquals(dice.get("student").get("meanForeground"), ((Map<String, Double>) scored.get("student")).get("meanForeground"), 1e-12,
        "one labelled source: pooled equals its own");
    String report = Files.readString(run.resolve("report/index.html"));
    assertTrue(report.contains("scored (labelled: never trained on)") && report.contains("case7"), "the report's real-ultrasound table");
    ImagePlus studentOnLabelled = IJ.openImage(run.resolve("real-ultrasound/case7/student-labels.tif").toString());
    assertEquals(frames, studentOnLabelled.getStackSize());
  }

  private static ImageSource open(Path file) {
    List<ImageSource> s = new ArrayList<>();
    ImageSources.open(List.of(file), s::add, e -> fail(e));
    return s.get(0);
  }

  /** Three classes by echo brightness inside the imaging area: labels that a model can get right or wrong. */
  private static void writeLabels(ImageSource src, Path file) {
    ImageStack stack = new ImageStack(src.width(), src.height());
    for (float[] f : src.frames()) {
      byte[] b = new byte[f.length];
      for (int i = 0; i < f.length; i++) {
        boolean inside = src.mask() == null || src.mask()[i];
        b[i] = (byte) (!inside || f[i] < 40 ? 0 : f[i] < 120 ? 1 : 2);
      }
      stack.addSlice(new ByteProcessor(src.width(), src.height(), b));
    }
    IJ.saveAsTiff(new ImagePlus("case7_labels", stack), file.toString());
  }
}
