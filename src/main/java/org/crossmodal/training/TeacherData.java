package org.crossmodal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.AxialSlices;
import org.crossmodal.data.LabelledVolume;
import org.crossmodal.data.LabelledSlice;
import org.crossmodal.data.SliceSplit;
import org.crossmodal.data.Volume;
import org.crossmodal.config.TeacherConfig;

/**
 * The labelled MRI of a teacher configuration: one volume or a cohort, cut in the configured plane
 * and stacked slice after slice ({@link CohortStack}), its class map, slices and their split.
 * {@code subjects} says which stack slices are whose, their files and their set.
 */
public record TeacherData(Volume image, Volume classes, List<LabelledSlice> slices, SliceSplit split,
    Map<String, String> fileHashes, List<Subject> subjects) {

  /** One subject's part: its image's file name, its files' SHA-256, its stack slices and its set of the split. */
  public record Subject(String image, Map<String, String> files, int firstSlice, int lastSlice, String set) {}

  public static TeacherData load(TeacherConfig.Data d) throws IOException {
    List<TeacherSubject> loaded = new ArrayList<>();
    for (TeacherConfig.Subject s : d.subjectList()) loaded.add(TeacherSubject.load(s, d));
    return stacked(d, loaded);
  }

  /**
   * The teacher data of volumes held in memory (images open in Fiji, volumes a script built) instead
   * of the files {@code d} names: one volume, or a cohort in the order given. {@code d} supplies
   * everything else: the recipe's classes (label value i is class i), the plane, the network input
   * size and the split. The model's provenance records each volume's name and a hash of its voxels.
   */
  public static TeacherData of(TeacherConfig.Data d, List<LabelledVolume> volumes) throws IOException {
    if (volumes.isEmpty()) throw new IllegalArgumentException("no labelled volume given");
    List<TeacherSubject> loaded = new ArrayList<>();
    for (LabelledVolume v : volumes) loaded.add(TeacherSubject.of(v, d));
    return stacked(d, loaded);
  }

  private static TeacherData stacked(TeacherConfig.Data d, List<TeacherSubject> loaded) throws IOException {
    CohortStack stack = CohortStack.of(loaded);
    List<LabelledSlice> slices = AxialSlices.extract(stack.image(), stack.classes(), d.size, d.minForeground);
    List<List<Integer>> bySubject = new ArrayList<>();
    for (int s = 0; s < loaded.size(); s++) bySubject.add(new ArrayList<>());
    for (LabelledSlice s : slices) bySubject.get(stack.subjectOf(s.index())).add(s.index());
    CohortSplit.Result split = CohortSplit.of(bySubject, loaded.stream().map(TeacherSubject::name).toList(), d.blockSize);
    List<Subject> subjects = new ArrayList<>();
    Map<String, String> hashes = new LinkedHashMap<>();
    for (int s = 0; s < loaded.size(); s++) {
      TeacherSubject t = loaded.get(s);
      int first = stack.firstSlices().get(s);
      subjects.add(new Subject(t.shortName(), t.fileHashes(), first, first + t.image().nz() - 1, split.sets().get(s)));
      // One subject keeps its files' own names; a cohort's may repeat, so they are numbered.
      String prefix = loaded.size() == 1 ? "" : "subject" + (s + 1) + "/";
      for (var f : t.fileHashes().entrySet()) hashes.put(prefix + f.getKey(), f.getValue());
    }
    return new TeacherData(stack.image(), stack.classes(), slices, split.split(), hashes, List.copyOf(subjects));
  }

  /** Physical width of the square network input: the larger in-plane extent of the volume. */
  public double fieldOfViewMm() {
    return Math.max(image.nx() * image.sx(), image.ny() * image.sy());
  }

  public List<LabelledSlice> subset(List<Integer> indices) {
    return split.select(slices, LabelledSlice::index, indices);
  }
}
