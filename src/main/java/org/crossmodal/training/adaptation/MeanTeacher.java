package org.crossmodal.training.adaptation;

import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.model.UNet;
import org.crossmodal.model.WeightAverage;

/**
 * The mean teacher's network: a {@link WeightAverage} of the student (decay d after every step), for
 * weights and batch-norm statistics alike. It starts as the student after AdaBN.
 */
final class MeanTeacher implements AdaptationMethod {
  private final WeightAverage average;
  private final double decay;

  MeanTeacher(UNet student, UNet average, double decay) {
    this.average = new WeightAverage(student, average);
    this.decay = decay;
  }

  @Override
  public void start(StudentNetworks networks, List<float[]> ultrasound, Consumer<String> log) {
    average.restart();
  }

  @Override
  public void afterStep() {
    average.update(decay);
  }
}
