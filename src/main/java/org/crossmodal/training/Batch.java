package org.crossmodal.training;

import java.util.List;
import org.crossmodal.data.LabelledSlice;

/**
 * One step's images, augmented: {@code main} from the list the epoch walks through, and as many
 * {@code alongside} from a second list when the trainer has one (the student: labelled MRI beside
 * its ultrasound frames). {@code step} counts from 0 within the epoch's {@code steps}.
 */
public record Batch(List<LabelledSlice> main, List<LabelledSlice> alongside, int epoch, int step, int steps) {
  /** Share of the run's steps done before this one, for ramps ({@code epochs}: the run's). */
  public double progress(int epochs) {
    return (epoch * (double) steps + step) / Math.max(1, steps * epochs);
  }
}
