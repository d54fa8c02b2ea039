package org.crossmodal.model;

import java.util.List;
import java.util.Map;

/**
 * What a model file says about its network: architecture, classes, input size and normalisation,
 * provenance of its training data (file and series identifiers hashed; no patient data), seed,
 * software versions and metrics (e.g. {@code testDice} per class).
 */
public record ModelDescriptor(
    int format,
    String kind,
    UNetConfig architecture,
    List<String> classes,
    int inputSize,
    String normalisation,
    Map<String, Object> provenance,
    long seed,
    Map<String, String> versions,
    Map<String, Object> metrics) {

  public static final int FORMAT = 1;
  public static final String NORMALISATION = "per-image z-score after padding to a square and resizing";
}
