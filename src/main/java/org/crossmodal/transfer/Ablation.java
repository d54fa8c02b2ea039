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
 * One student per adaptation variant and seed of {@code ablationSeeds}, each from the same teacher
 * and data, scored on the same test frames: what each layer adds, as a mean over seeds and as the
 * difference to the configured student paired by seed (mean and 95 % t-interval). Variant {@code
 * AdaBN only} trains nothing (zero rounds): the teacher with ultrasound batch-norm statistics.
 */
final class Ablation {
  private Ablation() {}

  static List<Map<String, Object>> run(TransferConfig c, StudentStage.Teacher teacher, List<UltrasoundFrame.Square> train,
      List<UltrasoundFrame.Square> validation, List<UltrasoundFrame.Square> truth, List<UltrasoundFrame> test, ClassDice teacherDice,
      ClassDice oracleDice, RunFolder run, TrainingListener listener) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    List<Map<Long, Double>> gaps = new ArrayList<>();
    Map<Long, Double> defaults = null;
    for (StudentConfig v : variants(c.student)) {
      String name = v.rounds == 0 ? "AdaBN only" : v.adaptationName();
      Path variantDir = run.ablation().resolve(name.replaceAll("[^A-Za-z0-9]+", "-").toLowerCase());
      List<Map<String, Object>> seeds = new ArrayList<>();
      Map<Long, Double> gap = new LinkedHashMap<>();
      Map<String, Double> meanDice = new LinkedHashMap<>();
      for (long seed : c.ablationSeeds) {
        StudentConfig vs = copy(v);
        vs.seed = seed;
        // The configured student is one of the variants: reuse it rather than train it twice.
        RunFolder.Models folder = same(vs, c.student) ? run.student() : RunFolder.Models.student(variantDir.resolve("seed-" + seed));
        listener.onMessage("ablation: " + name + ", seed " + seed);
        Path model = StudentStage.train(vs, teacher, train, validation, truth, folder, listener);
        ClassDice dice = TestScores.of(model, test, c.evaluation.threads, folder.testLabels()).dice();
        double g = GapInterval.gapRecovered(teacherDice, dice, oracleDice);
        gap.put(seed, g);
        dice.values().forEach((k, d) -> meanDice.merge(k, d / c.ablationSeeds.size(), Double::sum));
        seeds.add(Map.of("seed", seed, "dice", dice, "gapRecovered", g));
      }
      if (same(v, c.student)) defaults = gap;
      gaps.add(gap);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("variant", name);
      row.put("dice", meanDice);
      row.put("gapRecovered", gap.values().stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN));
      row.put("seeds", seeds);
      rows.add(row);
    }
    for (int i = 0; i < rows.size() && defaults != null; i++) rows.get(i).put("againstDefault", PairedDifference.of(gaps.get(i), defaults));
    Json.write(run.ablationTable(), rows);
    return rows;
  }

  /**
   * AdaBN only (no training); pseudo-label self-training with DSBN, the adversarial head and the mean
   * teacher added in turn; the full student without each one; then with MRI probe views (plain, then
   * with random looks), the warm-up, and foreground-only ultrasound targets; last the default
   * without its warm-up. Flags: pseudo-labels, DSBN/AdaBN, adversarial, mean teacher, probe views,
   * random looks, warm-up, foreground-only ultrasound targets.
   */
  static List<StudentConfig> variants(StudentConfig base) throws IOException {
    boolean[][] flags = {
        {false, true, false, false, false, false, false, false},
        {true, false, false, false, false, false, false, false},
        {true, true, false, false, false, false, false, false},
        {true, true, true, false, false, false, false, false},
        {true, true, true, true, false, false, false, false},
        {false, true, true, true, false, false, false, false},
        {true, false, true, true, false, false, false, false},
        {true, true, false, true, false, false, false, false},
        {true, true, true, true, true, false, false, false},
        {true, true, true, true, true, true, false, false},
        {true, true, true, true, true, true, true, false},
        {true, true, true, true, true, true, true, true},
        {true, true, true, true, true, true, false, true},
    };
    List<StudentConfig> out = new ArrayList<>();
    for (int i = 0; i < flags.length; i++) {
      boolean[] f = flags[i];
      StudentConfig v = copy(base);
      v.adaptation.pseudoLabels = f[0];
      v.adaptation.domainBatchNorm = f[1];
      v.adaptation.adversarial = f[2];
      v.adaptation.meanTeacher = f[3];
      v.adaptation.probeViews = f[4];
      v.adaptation.randomLook = f[5];
      v.warmupEpochs = f[6] ? Math.max(1, base.warmupEpochs) : 0;
      v.adaptation.ultrasoundForegroundOnly = f[7];
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
