package org.crossmodal.model;

import java.util.List;
import java.util.Map;
import org.crossmodal.data.NetworkGeometry;

/**
 * What a model file says about its network: architecture, classes, input size and normalisation,
 * provenance of its training data (file and series identifiers hashed; no patient data), seed,
 * software versions and metrics (e.g. {@code testDice} per class). {@code fieldOfViewMm} is the
 * physical width of the network's square input in training; images with a known pixel size are
 * brought to that scale before inference (0: unknown, each image is just padded to a square).
 */
public record ModelDescriptor(
    int format,
    String kind,
    UNetConfig architecture,
    List<String> classes,
    int inputSize,
    double fieldOfViewMm,
    String normalisation,
    Map<String, Object> provenance,
    long seed,
    Map<String, String> versions,
    Map<String, Object> metrics,
    List<String> domains) {

  public static final String MRI = "MRI", ULTRASOUND = "US";

  /** Domains whose batch-norm statistics were trained; older files and teachers have MRI only. */
  public ModelDescriptor {
    domains = domains == null || domains.isEmpty() ? List.of(MRI) : List.copyOf(domains);
  }

  /** The network's square input and the width it covers. */
  public NetworkGeometry geometry() {
    return new NetworkGeometry(inputSize, fieldOfViewMm);
  }

  /** The batch-norm set to use for images of this modality. */
  public int domainFor(boolean ultrasound) {
    return ultrasound && domains.contains(ULTRASOUND) ? DomainSwitch.ULTRASOUND : DomainSwitch.MRI;
  }

  public static final int FORMAT = 1;
  public ModelDescriptor withKind(String k, Map<String, Object> prov, Map<String, Object> m, List<String> d) {
    return new ModelDescriptor(format, k, architecture, classes, inputSize, fieldOfViewMm, normalisation, prov, seed,
        versions, m, d);
  }

  public ModelDescriptor withMetrics(Map<String, Object> m) {
    return withKind(kind, provenance, m, domains);
  }

  public static final String NORMALISATION = "per-image z-score after padding to a square and resizing";
}
