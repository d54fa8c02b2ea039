package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import org.crossmodal.model.ModeScope;
import org.crossmodal.model.UNet;

/**
 * Mean-teacher consistency: the mean squared difference between the student's class probabilities
 * on an ultrasound batch and the mean teacher's on the same batch with extra Gaussian noise,
 * weighted by the ramp.
 */
final class Consistency implements AdaptationMethod {
  private static final float NOISE = 0.15f;
  private final UNet meanTeacher;
  private final double weight;
  private final boolean foregroundOnly;

  Consistency(UNet meanTeacher, double weight, boolean foregroundOnly) {
    this.meanTeacher = meanTeacher;
    this.weight = weight;
    this.foregroundOnly = foregroundOnly;
  }

  @Override
  public NDArray ultrasoundLoss(StepContext step, NDList out) {
    NDArray images = step.ultrasound().get(0);
    NDArray noisy = images.add(step.manager().randomNormal(0, NOISE, images.getShape(), DataType.FLOAT32));
    NDArray target;
    try (ModeScope domain = meanTeacher.domain().use(step.ultrasoundDomain())) {
      target = meanTeacher.forward(new ParameterStore(step.manager(), false), new NDList(noisy), false).head().softmax(1).stopGradient();
    }
    return UltrasoundTargets.consistency(out.get(0).softmax(1), target, foregroundOnly).mul((float) (weight * step.ramp()));
  }
}
