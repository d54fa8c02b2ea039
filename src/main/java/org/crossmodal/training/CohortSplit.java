package org.crossmodal.training;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.SliceSplit;

/**
 * The train / validation / test split of the teacher's slices. From {@value #BY_SUBJECT_FROM}
 * subjects on it is by subject, so no subject's anatomy is in two sets: in the configured order,
 * the last ⌈n/5⌉ subjects (at least one) are test, the ⌈n/5⌉ before them validation, the rest
 * training. With fewer, each subject's slices are split by blocks ({@link SliceSplit#byBlocks}).
 */
final class CohortSplit {
  static final int BY_SUBJECT_FROM = 3;
  static final String TRAIN = "train", VALIDATION = "validation", TEST = "test", BLOCKS = "slice blocks";

  /** The split, and each subject's set ({@link #BLOCKS} when its slices are split by blocks). */
  record Result(SliceSplit split, List<String> sets) {}

  private CohortSplit() {}

  /** {@code slicesBySubject}: the labelled slice numbers of each subject; {@code names}: the subjects, for messages. */
  static Result of(List<List<Integer>> slicesBySubject, List<String> names, int blockSize) throws IOException {
    int n = slicesBySubject.size();
    List<Integer> train = new ArrayList<>(), validation = new ArrayList<>(), test = new ArrayList<>();
    List<String> sets = new ArrayList<>();
    for (int s = 0; s < n; s++) {
      List<Integer> slices = slicesBySubject.get(s);
      if (n < BY_SUBJECT_FROM) {
        if (slices.size() < 5 * blockSize) {
          throw new IOException(names.get(s) + ": only " + slices.size() + " labelled slices; at least " + 5 * blockSize
              + " are needed for a block split of " + blockSize);
        }
        SliceSplit own = SliceSplit.byBlocks(slices, blockSize);
        train.addAll(own.train());
        validation.addAll(own.validation());
        test.addAll(own.test());
        sets.add(BLOCKS);
      } else {
        if (slices.isEmpty()) throw new IOException(names.get(s) + ": no labelled slices (see teacher.data.minForeground)");
        String set = setOf(s, n);
        (set.equals(TEST) ? test : set.equals(VALIDATION) ? validation : train).addAll(slices);
        sets.add(set);
      }
    }
    int size = n < BY_SUBJECT_FROM ? blockSize : 0;
    return new Result(new SliceSplit(size, List.copyOf(train), List.copyOf(validation), List.copyOf(test)), List.copyOf(sets));
  }

  static String setOf(int subject, int n) {
    int held = Math.max(1, (n + 4) / 5);
    if (subject >= n - held) return TEST;
    if (subject >= n - 2 * held) return VALIDATION;
    return TRAIN;
  }
}
