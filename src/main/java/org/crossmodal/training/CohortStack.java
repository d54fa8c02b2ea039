package org.crossmodal.training;

import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.PlaneCut;
import org.crossmodal.data.Volume;

/**
 * The subjects' cuts as one stack of slices, so everything that draws from slice numbers (views,
 * the simulator, the split) works on a cohort as on one volume: every subject brought to the first
 * subject's pixel size and centred on a canvas that holds the largest, subject after subject.
 * One subject is its own stack, unchanged.
 */
record CohortStack(Volume image, Volume classes, List<Integer> firstSlices) {

  static CohortStack of(List<TeacherSubject> subjects) {
    TeacherSubject first = subjects.get(0);
    if (subjects.size() == 1) return new CohortStack(first.image(), first.classes(), List.of(0));
    double pixel = first.image().sx();
    List<Volume> images = new ArrayList<>(), classes = new ArrayList<>();
    int width = 0, height = 0, depth = 0;
    List<Integer> firstSlices = new ArrayList<>();
    for (TeacherSubject s : subjects) {
      Volume img = atPixel(s.image(), pixel, false), cls = atPixel(s.classes(), pixel, true);
      images.add(img);
      classes.add(cls);
      width = Math.max(width, img.nx());
      height = Math.max(height, img.ny());
      firstSlices.add(depth);
      depth += img.nz();
    }
    return new CohortStack(centred(images, width, height, depth, first.image()), centred(classes, width, height, depth, first.image()),
        List.copyOf(firstSlices));
  }

  /** The subject whose slices include stack slice {@code z}. */
  int subjectOf(int z) {
    int s = 0;
    while (s + 1 < firstSlices.size() && firstSlices.get(s + 1) <= z) s++;
    return s;
  }

  private static Volume atPixel(Volume v, double pixel, boolean labels) {
    if (Math.abs(v.sx() - pixel) <= 1e-3 * pixel) return v;
    return PlaneCut.resliced(v, pixel, (int) Math.max(1, Math.round(v.nx() * v.sx() / pixel)),
        (int) Math.max(1, Math.round(v.ny() * v.sy() / pixel)), labels);
  }

  private static Volume centred(List<Volume> parts, int w, int h, int depth, Volume first) {
    float[] out = new float[w * h * depth];
    int z0 = 0;
    for (Volume v : parts) {
      int ox = (w - v.nx()) / 2, oy = (h - v.ny()) / 2;
      for (int z = 0; z < v.nz(); z++) {
        for (int y = 0; y < v.ny(); y++) {
          System.arraycopy(v.voxels(), (z * v.ny() + y) * v.nx(), out, ((z0 + z) * h + oy + y) * w + ox, v.nx());
        }
      }
      z0 += v.nz();
    }
    return new Volume(w, h, depth, first.sx(), first.sy(), first.sz(), out);
  }
}
