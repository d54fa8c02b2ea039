package org.crossmodal.training.adaptation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.model.ModeScope;

/**
 * One domain-adaptation method of the student, a part its training step sums (as a DJL model is
 * built from blocks): what it prepares before training, the loss terms it adds on the labelled MRI
 * and on the ultrasound pass, and what it updates after each optimiser step. The configuration
 * switches the project's methods on ({@link Adaptations#of}); a research script can add its own.
 */
public interface AdaptationMethod {
  /** Builds a method for the networks of one student run. */
  @FunctionalInterface
  interface Factory {
    AdaptationMethod create(StudentNetworks networks);
  }

  /** Once before the first epoch of a run that does not resume; {@code ultrasound}: the training frames. */
  default void start(StudentNetworks networks, List<float[]> ultrasound, Consumer<String> log) {}

  /** Whether ultrasound gets batch-norm statistics of its own (else it shares the MRI ones). */
  default boolean ownUltrasoundStatistics() {
    return false;
  }

  /** A mode the networks hold while one step's forward and backward passes run; closed even when they fail. */
  default ModeScope during(StepContext step) {
    return () -> {};
  }

  /** A loss term on the labelled MRI pass ({@code out}: the network's outputs), or null. */
  default NDArray mriLoss(StepContext step, NDList out) {
    return null;
  }

  /** A loss term on the ultrasound pass, or null. */
  default NDArray ultrasoundLoss(StepContext step, NDList out) {
    return null;
  }

  /** After the optimiser has updated the weights. */
  default void afterStep() {}
}
