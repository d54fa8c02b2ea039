package org.crossmodal.training;

/** Training produced NaN or infinite loss or gradients: the run stops rather than save a diverged model. */
public final class NonFiniteTrainingException extends RuntimeException {
  public NonFiniteTrainingException(String what, int epoch, int step) {
    super(what + " is not finite at epoch " + epoch + ", step " + step
        + ": training stopped (check the input images for NaN/Inf; lower the learning rate; "
        + "ONEDNN_MAX_CPU_ISA=AVX2 is set against libtorch's AVX-512 NaN gradients)");
  }
}
