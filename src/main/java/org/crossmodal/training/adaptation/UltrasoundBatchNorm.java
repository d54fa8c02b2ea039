package org.crossmodal.training.adaptation;

import java.util.List;
import java.util.function.Consumer;
import org.crossmodal.model.DomainStatistics;
import org.crossmodal.model.ModelDescriptor;

/**
 * Domain-specific batch norms (DSBN): ultrasound gets batch norms of its own. They start as the
 * teacher's own ultrasound ones, learnt on ultrasound-like looks (statistics re-estimated on the
 * ultrasound frames only with {@code adaBN}), or as copies of the MRI ones with their statistics
 * re-estimated (AdaBN).
 */
final class UltrasoundBatchNorm implements AdaptationMethod {
  private final boolean adaBN;

  UltrasoundBatchNorm(boolean adaBN) {
    this.adaBN = adaBN;
  }

  /** AdaBN: batches of this many frames, this many passes (the batch norms' momentum forgets the MRI statistics). */
  private static final int BATCH = 16, PASSES = 3;

  @Override
  public boolean ownUltrasoundStatistics() {
    return true;
  }

  @Override
  public void start(StudentNetworks n, List<float[]> ultrasound, Consumer<String> log) {
    // A teacher that learnt ultrasound-like looks has trained ultrasound batch norms: keep their scale
    // and shift, and re-estimate only their statistics.
    boolean own = n.student().descriptor().domains().contains(ModelDescriptor.ULTRASOUND);
    if (!own) DomainStatistics.copyMriToUltrasound(n.unet());
    if (own && !adaBN) {
      log.accept("ultrasound batch norms: the teacher's own, statistics as learnt (adaBN off)");
      return;
    }
    DomainStatistics.estimate(n.unet(), n.student().model().getNDManager(), ultrasound, n.student().descriptor().inputSize(), BATCH,
        PASSES);
    log.accept("AdaBN: ultrasound batch-norm statistics estimated from " + ultrasound.size() + " frames");
  }
}
