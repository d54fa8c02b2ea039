package org.crossmodal.dicom;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits one DICOM series into the parts that can be stacked (as dcm2niix does): instances of one
 * image size and one Image Orientation (Patient). A series that needs no split keeps its UID as
 * its identifier; parts of a split one get the UID plus a suffix naming what sets them apart
 * ({@code _COLSxROWS}, then the plane, then a counter only where those still tie), so that the
 * identifier stays the same whatever order the files are found in. "_" never occurs in a UID.
 */
final class SubSeries {
  private SubSeries() {}

  /** Part identifier → its instances, in a stable order (largest images first, then by orientation). */
  static Map<String, List<InstanceHeader>> split(String seriesUid, List<InstanceHeader> members) {
    Map<Key, List<InstanceHeader>> byKey = new TreeMap<>();
    for (InstanceHeader h : members) byKey.computeIfAbsent(Key.of(h), k -> new ArrayList<>()).add(h);
    Map<String, List<InstanceHeader>> out = new LinkedHashMap<>();
    if (byKey.size() == 1) {
      out.put(seriesUid, members);
      return out;
    }
    boolean sizesDiffer = byKey.keySet().stream().map(Key::size).distinct().count() > 1;
    boolean orientationsDiffer = byKey.keySet().stream().map(Key::orientation).distinct().count() > 1;
    for (Map.Entry<Key, List<InstanceHeader>> e : byKey.entrySet()) {
      Key k = e.getKey();
      String id = seriesUid + (sizesDiffer ? "_" + k.size() : "") + (orientationsDiffer ? "_" + k.plane() : "");
      String unique = id;
      for (int n = 2; out.containsKey(unique); n++) unique = id + "_" + n;
      out.put(unique, e.getValue());
    }
    return out;
  }

  /** What instances must share to be stacked; orientation rounded so that float noise does not split a series. */
  private record Key(int columns, int rows, String orientation, String plane) implements Comparable<Key> {
    static Key of(InstanceHeader h) {
      double[] o = h.imageOrientation();
      if (o == null || o.length < 6) return new Key(h.columns(), h.rows(), "", "noorientation");
      StringBuilder s = new StringBuilder();
      for (int i = 0; i < 6; i++) s.append(String.format(Locale.ROOT, "%+.3f", o[i] == 0 ? 0.0 : o[i]));
      return new Key(h.columns(), h.rows(), s.toString(), plane(o));
    }

    String size() {
      return columns + "x" + rows;
    }

    /** The patient plane the slice normal points along most: axial (z), coronal (y) or sagittal (x). */
    private static String plane(double[] o) {
      double nx = Math.abs(o[1] * o[5] - o[2] * o[4]), ny = Math.abs(o[2] * o[3] - o[0] * o[5]);
      double nz = Math.abs(o[0] * o[4] - o[1] * o[3]);
      return nz >= nx && nz >= ny ? "axial" : ny >= nx ? "coronal" : "sagittal";
    }

    @Override
    public int compareTo(Key k) {
      // Largest images first: the main acquisition usually comes before scouts and thumbnails.
      int c = Long.compare((long) k.columns * k.rows, (long) columns * rows);
      if (c == 0) c = Integer.compare(columns, k.columns);
      return c != 0 ? c : orientation.compareTo(k.orientation);
    }
  }
}
