package org.crossmodal.evaluation;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dice per class of one model on one set of images, and {@code meanForeground}, the mean over the
 * classes after the background. In JSON it is the plain object {@code {"background": …, "brain": …,
 * "meanForeground": …}} that metrics files have always held.
 */
public record ClassDice(Map<String, Double> values) {
  public static final String MEAN_FOREGROUND = "meanForeground";

  public ClassDice {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ClassDice of(Map<String, Double> values) {
    return new ClassDice(values);
  }

  /** Per-class Dice (class order) with the foreground mean added. */
  static ClassDice withMean(Map<String, Double> perClass, List<String> classes) {
    Map<String, Double> v = new LinkedHashMap<>(perClass);
    double s = 0;
    for (int c = 1; c < classes.size(); c++) s += perClass.get(classes.get(c));
    v.put(MEAN_FOREGROUND, s / (classes.size() - 1));
    return new ClassDice(v);
  }

  @JsonValue
  @Override
  public Map<String, Double> values() {
    return values;
  }

  /** One class's Dice, or the mean by its name. */
  public double get(String name) {
    return values.get(name);
  }

  public double meanForeground() {
    return get(MEAN_FOREGROUND);
  }
}
