package org.crossmodal.training.adaptation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.model.DomainSwitch;
import org.crossmodal.model.ModeScope;
import org.junit.jupiter.api.Test;

/** Mode switches are scoped: whatever fails inside a scope, the mode before it comes back. */
class AdaptationsTest {
  @Test
  void aDomainSelectedForAScopeIsSwitchedBackWhenItFails() {
    DomainSwitch d = new DomainSwitch();
    assertThrows(IllegalStateException.class, () -> {
      try (ModeScope us = d.use(DomainSwitch.ULTRASOUND)) {
        assertEquals(DomainSwitch.ULTRASOUND, d.active());
        throw new IllegalStateException("a step failed");
      }
    });
    assertEquals(DomainSwitch.MRI, d.active());
  }

  @Test
  void everyMethodsModeClosesInReverseOrderAlsoWhenOneCannotOpen() {
    List<String> log = new ArrayList<>();
    AdaptationMethod.Factory a = n -> mode("a", log, false), b = n -> mode("b", log, false), broken = n -> mode("c", log, true);
    StudentConfig.Adaptation none = new StudentConfig.Adaptation();
    none.domainBatchNorm = none.pseudoLabels = none.adversarial = none.meanTeacher = false;

    Adaptations two = Adaptations.of(none, null, List.of(a, b));
    two.during(null).close();
    assertEquals(List.of("open a", "open b", "close b", "close a"), log);

    log.clear();
    Adaptations failing = Adaptations.of(none, null, List.of(a, b, broken));
    assertThrows(IllegalStateException.class, () -> failing.during(null));
    assertEquals(List.of("open a", "open b", "close b", "close a"), log, "the modes already open were closed");
    assertEquals(DomainSwitch.MRI, failing.ultrasoundDomain(), "without domain batch norm ultrasound shares the MRI statistics");
  }

  private static AdaptationMethod mode(String name, List<String> log, boolean fails) {
    return new AdaptationMethod() {
      @Override
      public ModeScope during(StepContext step) {
        if (fails) throw new IllegalStateException(name + " cannot switch");
        log.add("open " + name);
        return () -> log.add("close " + name);
      }
    };
  }
}
