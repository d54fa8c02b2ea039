package org.crossmodal.data;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The plane training slices are cut in, and how each cut is laid out: the patient axes (0 = R,
 * 1 = A, 2 = S) of its columns, its stored rows (shown flipped, so the second axis points up) and
 * its slice order. Axial is how Colin27's file stores it: patient's left on the image's left,
 * anterior up, slices from inferior to superior.
 */
public enum AnatomicalPlane {
  /** Columns towards the right, anterior up, slices inferior to superior. */
  AXIAL(0, 1, 2),
  /** Columns towards the right, superior up, slices posterior to anterior. */
  CORONAL(0, 2, 1),
  /** Columns towards anterior, superior up, slices left to right. */
  SAGITTAL(1, 2, 0);

  private final int[] patientAxes;

  AnatomicalPlane(int columns, int rows, int slices) {
    this.patientAxes = new int[] {columns, rows, slices};
  }

  /** The patient axis that the cut's axis {@code a} (0 columns, 1 rows, 2 slices) runs along, towards R, A or S. */
  public int patientAxis(int a) {
    return patientAxes[a];
  }

  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static AnatomicalPlane of(String name) {
    for (AnatomicalPlane p : values()) if (p.configName().equals(name.strip().toLowerCase(Locale.ROOT))) return p;
    throw new IllegalArgumentException("plane '" + name + "' is none of axial, coronal, sagittal");
  }
}
