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
    // Probe views: none, plain, with random looks; the warm-up and foreground-only targets each with and without.
    assertTrue(v.stream().anyMatch(c -> c.adaptation.pseudoLabels && !c.adaptation.probeViews && c.rounds > 0));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.probeViews && !c.adaptation.randomLook));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.probeViews && c.adaptation.randomLook && c.warmupEpochs > 0
        && !c.adaptation.ultrasoundForegroundOnly));
    assertTrue(v.stream().anyMatch(c -> c.adaptation.randomLook && c.warmupEpochs == 0 && c.adaptation.ultrasoundForegroundOnly));
  }

  @Test
  void everyVariantPassesTheSettingsCheck() throws Exception {
    for (StudentConfig c : Ablation.variants(new StudentConfig())) c.check();
  }
}
