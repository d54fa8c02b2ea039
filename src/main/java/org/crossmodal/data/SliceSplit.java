package org.crossmodal.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;

/**
 * Train / validation / test split by blocks of neighbouring slices: within every five blocks the
 * third is validation and the fifth test, the rest training. The first and last slice of every
 * validation and test block are dropped as guards, so no test slice has a training neighbour.
 */
public record SliceSplit(int blockSize, List<Integer> train, List<Integer> validation, List<Integer> test) {

  public static SliceSplit byBlocks(List<Integer> sliceIndices, int blockSize) {
    if (blockSize < 3) throw new IllegalArgumentException("blockSize must be at least 3 (two guard slices + one)");
    List<Integer> sorted = new ArrayList<>(sliceIndices);
    sorted.sort(null);
    List<Integer> train = new ArrayList<>(), val = new ArrayList<>(), test = new ArrayList<>();
    for (int i = 0; i < sorted.size(); i++) {
      int block = i / blockSize, pos = i % blockSize;
      int role = block % 5;
      boolean guard = pos == 0 || pos == blockSize - 1 || i == sorted.size() - 1;
      if (role == 2) {
        if (!guard) val.add(sorted.get(i));
      } else if (role == 4) {
        if (!guard) test.add(sorted.get(i));
      } else {
        train.add(sorted.get(i));
      }
    }
    return new SliceSplit(blockSize, List.copyOf(train), List.copyOf(val), List.copyOf(test));
  }

  @JsonIgnore
  public <T> List<T> select(List<T> items, java.util.function.ToIntFunction<T> index, List<Integer> which) {
    java.util.Set<Integer> set = new java.util.HashSet<>(which);
    return items.stream().filter(x -> set.contains(index.applyAsInt(x))).toList();
  }
}
