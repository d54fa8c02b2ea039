package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crossmodal.io.Json;
import org.junit.jupiter.api.Test;
import org.crossmodal.config.StudentConfig;

class AblationTest {
  @Test
  void variantsAreDistinctAndIncludeTheConfiguredStudentAndAdaBnAlone() throws Exception {
    StudentConfig base = new StudentConfig();
    List<StudentConfig> v = Ablation.variants(base);
    Set<String> seen = new HashSet<>();
    for (StudentConfig c : v) assertTrue(seen.add(Json.MAPPER.writeValueAsString(c)), "duplicate variant " + c.adaptationName());
    assertTrue(v.stream().anyMatch(c -> Ablation.same(c, base)), "the configured student is not a row of its own ablation");
    StudentConfig adabn = v.get(0);
    assertEquals(0, adabn.rounds);
    assertEquals(0, adabn.warmupEpochs);
    assertTrue(adabn.adaptation.domainBatchNorm);
    // Each layer is switched off in at least one variant that keeps pseudo-labels, so its effect is measured.
    assertTrue(v.stream().anyMatch(c -> c.adaptation.pseudoLabels && !c.adaptation.domainBatchNorm));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.pseudoLabels && c.adaptation.domainBatchNorm && !c.adaptation.adversarial));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.pseudoLabels && c.adaptation.adversarial && !c.adaptation.meanTeacher));
    assertTrue(v.stream().anyMatch(c -> !c.adaptation.pseudoLabels && c.adaptation.meanTeacher));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.probeGeometry && c.warmupEpochs > 0));
    // The B-mode echoes and the class contrast each have a row without them and one with them.
    assertTrue(v.stream().anyMatch(c -> c.adaptation.speckleAppearance && c.adaptation.specularEchoes == 0 && c.adaptation.classContrast == 1));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.specularEchoes > 0 && c.adaptation.classContrast == 1));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.specularEchoes > 0 && c.adaptation.classContrast > 1 && !c.adaptation.ultrasoundForegroundOnly));
    // Foreground-only ultrasound targets, with and without class contrast.
    assertTrue(v.stream().anyMatch(c -> c.adaptation.classContrast > 1 && c.adaptation.ultrasoundForegroundOnly));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.specularEchoes > 0 && c.adaptation.classContrast == 1 && c.adaptation.ultrasoundForegroundOnly));
  }

  /** Whether or not the configuration has class contrast, the ablation has rows with and without it. */
  @Test
  void classContrastRowsExistWhateverTheConfiguredContrast() throws Exception {
    for (double contrast : new double[] {1, 4}) {
      StudentConfig base = new StudentConfig();
      base.adaptation.classContrast = contrast;
      base.adaptation.backgroundContrast = contrast;
      List<StudentConfig> v = Ablation.variants(base);
      Set<String> seen = new HashSet<>();
      for (StudentConfig c : v) assertTrue(seen.add(Json.MAPPER.writeValueAsString(c)), "duplicate variant " + c.adaptationName());
      assertTrue(v.stream().anyMatch(c -> Ablation.same(c, base)), "configured contrast " + contrast);
      double on = contrast > 1 ? contrast : Ablation.STOP_16_CLASS_CONTRAST;
      assertTrue(v.stream().anyMatch(c -> c.adaptation.classContrast == on), "configured contrast " + contrast);
      assertTrue(v.stream().anyMatch(c -> c.adaptation.classContrast == 1 && c.adaptation.probeGeometry), "configured contrast " + contrast);
    }
  }
}
