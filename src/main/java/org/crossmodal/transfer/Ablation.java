package org.crossmodal.transfer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.evaluation.ClassDice;
import org.crossmodal.evaluation.GapInterval;
import org.crossmodal.evaluation.TestScores;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.training.TrainingListener;

/**
 * One student per adaptation variant, each from the same teacher, data and seed, scored on the same
 * test frames: what each layer adds. Variant {@code AdaBN only} trains nothing (zero rounds): the
 * teacher with ultrasound batch-norm statistics.
 */
final class Ablation {
  /** The class contrast of stop 16's default, for the ablation rows with it when the configuration has none. */
  static final double STOP_16_CLASS_CONTRAST = 3, STOP_16_BACKGROUND_CONTRAST = 2;

  private Ablation() {}

  static List<Map<String, Object>> run(TransferConfig c, StudentStage.Teacher teacher, List<UltrasoundFrame.Square> train,
      List<UltrasoundFrame.Square> validation, List<UltrasoundFrame.Square> truth, List<UltrasoundFrame> test, ClassDice teacherDice,
      ClassDice oracleDice, RunFolder run, TrainingListener listener) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (StudentConfig v : variants(c.student)) {
      String name = v.rounds == 0 ? "AdaBN only" : v.adaptationName();
      // The configured student is one of the variants: reuse it rather than train it twice.
      RunFolder.Models folder = same(v, c.student) ? run.student()
          : RunFolder.Models.student(run.ablation().resolve(name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase()));
      listener.onMessage("ablation: " + name);
      Path model = StudentStage.train(v, teacher, train, validation, truth, folder, listener);
      ClassDice dice = TestScores.of(model, test, c.evaluation.threads, folder.testLabels()).dice();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("variant", name);
      row.put("dice", dice);
      row.put("gapRecovered", GapInterval.gapRecovered(teacherDice, dice, oracleDice));
      rows.add(row);
    }
    Json.write(run.ablationTable(), rows);
    return rows;
  }

  /**
   * AdaBN only (no training); pseudo-label self-training with DSBN, the adversarial head and the mean
   * teacher added in turn; the full student without each one; and the full student with probe-view
   * MRI (plain, with a warm-up, speckled with a warm-up, with B-mode echoes too, then with class
   * contrast, foreground-only ultrasound targets, or both). Flags: pseudo-labels, DSBN/AdaBN,
   * adversarial, mean teacher, probe views, speckle, warm-up, echoes (the configured depth attenuation
   * and specular echoes, else none), class contrast (the configured ranges, or stop 16's when the
   * configuration has none; else none), foreground-only ultrasound targets.
   */
  static List<StudentConfig> variants(StudentConfig base) throws IOException {
    boolean[][] flags = {
        {false, true, false, false, false, false, false, false, false, false},
        {true, false, false, false, false, false, false, false, false, false},
        {true, true, false, false, false, false, false, false, false, false},
        {true, true, true, false, false, false, false, false, false, false},
        {true, true, true, true, false, false, false, false, false, false},
        {false, true, true, true, false, false, false, false, false, false},
        {true, false, true, true, false, false, false, false, false, false},
        {true, true, false, true, false, false, false, false, false, false},
        {true, true, true, true, true, false, false, false, false, false},
        {true, true, true, true, true, false, true, false, false, false},
        {true, true, true, true, true, true, true, false, false, false},
        {true, true, true, true, true, true, true, true, false, false},
        {true, true, true, true, true, true, true, true, true, false},
        {true, true, true, true, true, true, true, true, false, true},
        {true, true, true, true, true, true, true, true, true, true},
    };
    List<StudentConfig> out = new ArrayList<>();
    for (int i = 0; i < flags.length; i++) {
      boolean[] f = flags[i];
      StudentConfig v = copy(base);
      v.adaptation.pseudoLabels = f[0];
      v.adaptation.domainBatchNorm = f[1];
      v.adaptation.adversarial = f[2];
      v.adaptation.meanTeacher = f[3];
      v.adaptation.probeGeometry = f[4];
      v.adaptation.speckleAppearance = f[5];
      v.warmupEpochs = f[6] ? 2 : 0;
      if (!f[7]) {
        v.adaptation.depthAttenuation = 0;
        v.adaptation.specularEchoes = 0;
      }
      if (!f[8]) {
        v.adaptation.classContrast = 1;
        v.adaptation.backgroundContrast = 1;
      } else if (v.adaptation.classContrast <= 1 && v.adaptation.backgroundContrast <= 1) {
        v.adaptation.classContrast = STOP_16_CLASS_CONTRAST;
        v.adaptation.backgroundContrast = STOP_16_BACKGROUND_CONTRAST;
      }
      v.adaptation.ultrasoundForegroundOnly = f[9];
      if (i == 0) v.rounds = 0;
      out.add(v);
    }
    return out;
  }

  static boolean same(StudentConfig a, StudentConfig b) {
    try {
      return Json.MAPPER.writeValueAsString(a).equals(Json.MAPPER.writeValueAsString(b));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static StudentConfig copy(StudentConfig c) throws IOException {
    return Json.MAPPER.readValue(Json.MAPPER.writeValueAsBytes(c), StudentConfig.class);
  }
}
