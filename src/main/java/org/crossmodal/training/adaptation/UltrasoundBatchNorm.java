package org.crossmodal.training.adaptation;

import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.model.DomainStatistics;

/**
 * Domain-specific batch norms (DSBN): ultrasound gets batch norms of its own, which start as copies
 * of the MRI ones with their running statistics re-estimated on the ultrasound frames (AdaBN).
 */
final class UltrasoundBatchNorm implements AdaptationMethod {
  /** AdaBN: batches of this many frames, this many passes (the batch norms' momentum forgets the MRI statistics). */
  private static final int BATCH = 16, PASSES = 3;

  @Override
  public boolean ownUltrasoundStatistics() {
    return true;
  }

  @Override
  public void start(StudentNetworks n, List<float[]> ultrasound, Consumer<String> log) {
    DomainStatistics.copyMriToUltrasound(n.unet());
    DomainStatistics.estimate(n.unet(), n.student().model().getNDManager(), ultrasound, n.student().descriptor().inputSize(), BATCH,
        PASSES);
    log.accept("AdaBN: ultrasound batch-norm statistics estimated from " + ultrasound.size() + " frames");
  }
}
