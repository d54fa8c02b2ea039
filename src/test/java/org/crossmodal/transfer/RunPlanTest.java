package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.junit.jupiter.api.Test;

/**
 * What `run`, `demo` and Run Transfer Pipeline say before they start: what is trained on, what the
 * real echo is there for, and roughly how long.
 */
class RunPlanTest {
  @Test
  void theDemoSaysPlainlyThatTheEchoIsNotBrainAndIsNotScored() {
    RunPlan plan = RunPlan.of(TransferConfig.demo());
    List<String> lines = plan.lines();
    assertTrue(lines.get(0).startsWith("teacher: brain MRI mricron/ch2.nii.gz with labels mricron/aal.nii.gz → classes "), lines.get(0));
    assertTrue(lines.get(0).endsWith("128 × 128 pixels, " + TransferConfig.demo().teacher.training.epochs + " epochs"), lines.get(0));
    String echo = lines.stream().filter(l -> l.startsWith("real ultrasound: ")).findFirst().orElseThrow();
    assertTrue(echo.contains("(\"Echocardiogram\", no Body Part Examined); no truth, so nothing of it is scored: it does not show "
        + "brain, and is there only to show real DICOM ultrasound going through pseudo-labelling and the student"), echo);
    assertTrue(lines.get(lines.size() - 1).matches("roughly \\d+ min on 2 free cores in fp32, about 40 % less with bf16 training"), lines.toString());
    // The demo took 8 to 10 minutes on this kind of machine; the estimate must be of that order, not hours or seconds.
    assertTrue(plan.seconds() > 4 * 60 && plan.seconds() < 20 * 60, "estimate " + plan.seconds() + " s");
  }

  @Test
  void aCohortIsPlannedWithEverySubjectsLabels() throws Exception {
    RunPlan plan = RunPlan.of(TransferConfig.read(Path.of("plugins/examples/real-data.yaml")));
    assertTrue(plan.lines().get(0).startsWith("teacher: brain MRI of 2 subjects (mricron/ch2.nii.gz with labels mricron/aal.nii.gz; "
        + "mricron/ch2.nii.gz with labels mricron/AICHAmc.nii.gz) → classes background, brain, deep grey"), plan.lines().get(0));
    assertEquals(4, plan.lines().stream().filter(l -> l.startsWith("real ultrasound: ")).count());
    assertTrue(plan.seconds() < 15 * 60, "the real-data example is sized for under 15 minutes: " + plan.seconds() + " s");
  }

  @Test
  void aToyConfigurationIsPlannedAtItsOwnSizeInWords() throws Exception {
    RunPlan plan = RunPlan.of(TransferConfig.read(Path.of("plugins/examples/tiny.yaml")));
    assertTrue(plan.lines().get(0).endsWith("32 × 32 pixels, 1 epoch"), plan.lines().get(0));
    assertTrue(plan.lines().get(2).startsWith("student: 1 self-training round of 1 epoch (+ "), plan.lines().get(2));
    assertTrue(plan.lines().get(3).contains("1 epoch on the simulated frames with their labels"), plan.lines().get(3));
    assertTrue(plan.seconds() < RunPlan.of(TransferConfig.demo()).seconds() / 4, "a toy run is planned much shorter");
  }
}
