package org.crossmodal.data;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How segmentation classes are made from an atlas: configuration, not code. Class 0 is what no rule
 * claims (background); each later class overwrites earlier ones where its rule holds. A rule is
 * either {@code mask} (voxels where the named mask volume is &gt; 0) or {@code labels} (atlas label
 * names from the label table).
 */
public record ClassRecipe(List<ClassRule> classes) {

  public record ClassRule(String name, String mask, List<String> labels) {}

  public List<String> classNames() {
    return classes.stream().map(ClassRule::name).toList();
  }

  public int classCount() {
    return classes.size();
  }

  /**
   * Refuses a recipe meant to make the same classes as this one from another atlas (its own label
   * names) when its classes differ in name or order: every subject of a cohort must give class k
   * the same meaning. {@code where} names the recipe in the message.
   */
  public void requireSameClasses(ClassRecipe other, String where) {
    if (!classNames().equals(other.classNames())) {
      throw new IllegalArgumentException(where + " must make the same classes in the same order as teacher.data.recipe "
          + classNames() + "; it makes " + other.classNames());
    }
  }

  /** The default teacher task: background, brain (skull-stripped Colin27) and the deep grey nuclei of AAL. */
  public static ClassRecipe colin27DeepGrey() {
    return new ClassRecipe(List.of(
        new ClassRule("background", null, null),
        new ClassRule("brain", "brain", null),
        new ClassRule("deep_grey", null, List.of("Caudate_L", "Caudate_R", "Putamen_L", "Putamen_R",
            "Pallidum_L", "Pallidum_R", "Thalamus_L", "Thalamus_R"))));
  }

  /**
   * Applies the recipe. {@code masks} names the mask volumes a rule may refer to; {@code atlas} and
   * {@code table} resolve label rules. All volumes must share one grid.
   */
  public Volume apply(Volume atlas, LabelTable table, Map<String, Volume> masks) {
    float[] out = new float[atlas.voxels().length];
    for (int c = 1; c < classes.size(); c++) {
      ClassRule r = classes.get(c);
      if (r.mask() != null) {
        Volume m = masks.get(r.mask());
        if (m == null) throw new IllegalArgumentException("class '" + r.name() + "' refers to unknown mask '" + r.mask() + "'");
        if (!m.sameGrid(atlas)) throw new IllegalArgumentException("mask '" + r.mask() + "' is not on the atlas grid");
        float[] mv = m.voxels();
        for (int i = 0; i < out.length; i++) if (mv[i] > 0) out[i] = c;
      } else if (r.labels() != null && !r.labels().isEmpty()) {
        Set<Integer> values = new HashSet<>();
        for (String name : r.labels()) values.add(table.value(name));
        float[] av = atlas.voxels();
        for (int i = 0; i < out.length; i++) if (values.contains((int) av[i])) out[i] = c;
      } else {
        throw new IllegalArgumentException("class '" + r.name() + "' has neither a mask nor labels");
      }
    }
    return new Volume(atlas.nx(), atlas.ny(), atlas.nz(), atlas.sx(), atlas.sy(), atlas.sz(), out);
  }
}
