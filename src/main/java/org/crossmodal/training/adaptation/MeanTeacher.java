package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.model.DomainStatistics;
import org.crossmodal.model.Engines;
import org.crossmodal.model.UNet;

/**
 * The mean teacher's network: an exponential moving average of the student, ema ← d·ema + (1−d)·student
 * after every step, for weights and batch-norm statistics alike. It starts as the student after AdaBN.
 */
final class MeanTeacher implements AdaptationMethod {
  private final UNet student, average;
  private final float decay;

  MeanTeacher(UNet student, UNet average, double decay) {
    this.student = student;
    this.average = average;
    this.decay = (float) decay;
  }

  @Override
  public void start(StudentNetworks networks, List<float[]> ultrasound, Consumer<String> log) {
    copy(student, average);
  }

  @Override
  public void afterStep() {
    Engines.withoutGradients(() -> {
      for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(student, average)) {
        NDArray e = p.getValue().getArray();
        try (NDArray scaled = p.getKey().getArray().mul(1 - decay)) {
          e.muli(decay).addi(scaled);
        }
      }
      return null;
    });
  }

  static void copy(UNet from, UNet to) {
    Engines.withoutGradients(() -> {
      for (Pair<Parameter, Parameter> p : DomainStatistics.pairs(from, to)) p.getKey().getArray().copyTo(p.getValue().getArray());
      return null;
    });
  }
}
