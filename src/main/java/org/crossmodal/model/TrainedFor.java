package org.crossmodal.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a model was trained for, kept in its file: the DICOM modalities it has seen ({@code MR},
 * {@code US}), the anatomy in words, the Body Part Examined values that match it, and per modality
 * the range of grey values of its training images (1st to 99th percentile). With the descriptor's
 * classes and field of view this is what {@link Suitability} checks an input against.
 */
public record TrainedFor(List<String> modalities, String anatomy, List<String> bodyParts, Map<String, double[]> inputRange) {
  /** DICOM Modality values. */
  public static final String MR = "MR", US = "US";

  public TrainedFor {
    modalities = modalities == null ? List.of() : List.copyOf(modalities);
    anatomy = anatomy == null ? "" : anatomy;
    bodyParts = bodyParts == null ? List.of() : List.copyOf(bodyParts);
    inputRange = inputRange == null ? Map.of() : Map.copyOf(inputRange);
  }

  /** The same, having also seen {@code modality}. */
  public TrainedFor with(String modality) {
    if (modalities.contains(modality)) return this;
    List<String> m = new ArrayList<>(modalities);
    m.add(modality);
    return new TrainedFor(m, anatomy, bodyParts, inputRange);
  }

  /** The same with the grey-value range of one modality's training images. */
  public TrainedFor withRange(String modality, double low, double high) {
    Map<String, double[]> r = new LinkedHashMap<>(inputRange);
    r.put(modality, new double[] {low, high});
    return new TrainedFor(modalities, anatomy, bodyParts, r);
  }

  /** One line, e.g. "brain (Body Part Examined BRAIN, HEAD) on MR and US". */
  public String describe() {
    String parts = bodyParts.isEmpty() ? "" : " (Body Part Examined " + String.join(", ", bodyParts) + ")";
    return (anatomy.isBlank() ? "unstated anatomy" : anatomy) + parts + " on " + String.join(" and ", modalities);
  }

  /** "MR 12–3400, US 0–255": the recorded grey-value ranges. */
  public String ranges() {
    List<String> out = new ArrayList<>();
    inputRange.forEach((m, r) -> out.add(String.format(Locale.ROOT, "%s %.4g–%.4g", m, r[0], r[1])));
    return String.join(", ", out);
  }
}
