package org.crossmodal.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.InstanceHeader;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.Hashes;

/**
 * A DICOM image series (folder, zip or DICOMDIR) as a volume with its real geometry: Image Position
 * and Orientation (Patient), Pixel Spacing, slices ordered along the normal (as the project's series
 * loader orders them) and their spacing. Series the geometry cannot describe as one regular grid are
 * refused: gantry tilt (slices shifted sideways), non-uniform slice spacing, mixed orientations,
 * mosaics and multi-frame instances without per-slice positions.
 */
public final class DicomVolume {
  /** Largest distance of a slice from the regular, untilted grid, as a share of the slice step. */
  public static final double POSITION_TOLERANCE = 0.1;

  /**
   * The volume, the SHA-256 of its instance files (in slice order), keyed "INPUT series HASH-OF-UID",
   * and each slice's SOP Instance UID (what a DICOM SEG drawn on the series refers to).
   */
  public record Loaded(OrientedVolume volume, Map<String, String> hashes, List<String> sliceInstances) {}

  private DicomVolume() {}

  /** The series {@code seriesUid} of {@code input}, or its only image series when {@code seriesUid} is null. */
  public static Loaded read(Path input, String seriesUid) throws IOException {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(input))) {
      SeriesInfo info = choose(input, scan, seriesUid);
      String name = input + " (series " + info.seriesInstanceUid() + ")";
      PatientGrid grid = grid(name, info.instanceHeaders());
      ImageSeries s = new SeriesLoader().load(info);
      int w = s.width(), h = s.height(), n = s.frameCount();
      float[] v = new float[w * h * n];
      for (int k = 0; k < n; k++) System.arraycopy(s.grey()[k], 0, v, k * w * h, w * h);
      Volume volume = new Volume(w, h, n, grid.spacing(0), grid.spacing(1), grid.spacing(2), v);
      // Provenance names the series by a hash of its UID: no identifier leaves the input.
      String key = input.getFileName() + " series " + Hashes.sha256(info.seriesInstanceUid().getBytes(StandardCharsets.US_ASCII)).substring(0, 16);
      return new Loaded(new OrientedVolume(volume, grid, name), Map.of(key, seriesHash(info)),
          info.instanceHeaders().stream().map(InstanceHeader::sopInstanceUid).toList());
    } catch (DicomFileException e) {
      throw new IOException(input + ": " + e.getMessage(), e);
    }
  }

  /**
   * The patient grid of a series' slices in the order the series loader gives them (so of an image
   * Open DICOM Studies made of it); refused as {@link #read} refuses series that are no regular grid.
   */
  public static PatientGrid grid(SeriesInfo info) throws IOException {
    return grid(String.valueOf(ImageSources.source(info).getFileName()), info.instanceHeaders());
  }

  private static SeriesInfo choose(Path input, ScannedStudies scan, String seriesUid) throws IOException {
    List<SeriesInfo> images = scan.series().stream()
        .filter(s -> s.seriesInstanceUid() != null && !"SEG".equals(s.modality()) && !"US".equals(s.modality())).toList();
    if (seriesUid != null) {
      for (SeriesInfo s : images) {
        if (!s.seriesInstanceUid().equals(seriesUid)) continue;
        if (!s.isLoadable()) throw new IOException(input + ": series " + seriesUid + " cannot be read: " + s.error());
        return s;
      }
      throw new IOException(input + ": no image series " + seriesUid + " in it; found " + uids(images));
    }
    List<SeriesInfo> loadable = images.stream().filter(SeriesInfo::isLoadable).toList();
    if (loadable.size() == 1) return loadable.get(0);
    if (loadable.isEmpty()) {
      String why = scan.series().stream().map(SeriesInfo::error).filter(e -> e != null).findFirst().orElse("no DICOM image series found");
      throw new IOException(input + ": no readable image series (" + why + ")");
    }
    throw new IOException(input + ": holds " + loadable.size() + " image series (" + uids(loadable) + "); name one with 'series: UID'");
  }

  private static String uids(List<SeriesInfo> series) {
    return series.isEmpty() ? "none" : series.stream().map(s -> s.seriesInstanceUid() + " " + s.modality()).collect(Collectors.joining(", "));
  }

  /** Voxel (i, j, k) to RAS mm: columns along the row direction, rows along the column direction, slices along the normal. */
  static PatientGrid grid(String name, List<InstanceHeader> slices) throws IOException {
    InstanceHeader first = slices.get(0);
    if (slices.size() < 2) throw new IOException(name + ": a volume needs at least 2 slices with their own Image Position (Patient)");
    double[] o = first.imageOrientation();
    for (InstanceHeader h : slices) {
      if (h.mosaicImages() > 0 || h.frames() > 1) throw new IOException(name + ": multi-frame or mosaic instances are not read as volumes (no position per slice)");
      if (h.imagePosition() == null || h.imagePosition().length < 3 || h.imageOrientation() == null || h.imageOrientation().length < 6) {
        throw new IOException(name + ": " + h.file().getFileName() + " has no Image Position/Orientation (Patient)");
      }
      for (int i = 0; i < 6; i++) {
        if (Math.abs(h.imageOrientation()[i] - o[i]) > 1e-4) throw new IOException(name + ": slices have different orientations");
      }
      if (h.pixelSpacing() == null || h.pixelSpacing().length < 2) throw new IOException(name + ": " + h.file().getFileName() + " has no Pixel Spacing");
    }
    double[] row = {o[0], o[1], o[2]}, col = {o[3], o[4], o[5]};
    double[] normal = {row[1] * col[2] - row[2] * col[1], row[2] * col[0] - row[0] * col[2], row[0] * col[1] - row[1] * col[0]};
    double step = uniformStep(name, slices, normal);
    double[] ps = first.pixelSpacing();
    double[][] lps = {scale(row, ps[1]), scale(col, ps[0]), scale(normal, step)};
    double[][] ras = new double[3][];
    for (int a = 0; a < 3; a++) ras[a] = toRas(lps[a]);
    return PatientGrid.of(ras, toRas(first.imagePosition()));
  }

  /**
   * The distance between neighbouring slices, refusing tilted or irregular stacks: every slice must
   * lie on the regular grid from the first to the last slice, along the normal, within
   * {@link #POSITION_TOLERANCE} of a step (scanners round positions to 0.1 mm).
   */
  private static double uniformStep(String name, List<InstanceHeader> slices, double[] normal) throws IOException {
    double[] p0 = slices.get(0).imagePosition();
    int last = slices.size() - 1;
    double step = (along(slices.get(last).imagePosition(), p0, normal)) / last;
    if (!(step > 1e-3)) throw new IOException(name + ": its slices share one position");
    for (int k = 1; k <= last; k++) {
      double[] p = slices.get(k).imagePosition();
      double a = along(p, p0, normal);
      double[] d = {p[0] - p0[0], p[1] - p0[1], p[2] - p0[2]};
      double sideways = Math.sqrt(Math.max(0, d[0] * d[0] + d[1] * d[1] + d[2] * d[2] - a * a));
      if (sideways > POSITION_TOLERANCE * step) {
        throw new IOException(name + ": slice " + (k + 1) + " is shifted sideways by " + String.format("%.2f", sideways) + " mm"
            + " from the first slice's normal (gantry tilt); resample it to an orthogonal grid first");
      }
      if (Math.abs(a - k * step) > POSITION_TOLERANCE * step) {
        throw new IOException(name + ": slice spacing is not uniform: slice " + (k + 1) + " lies " + String.format("%.2f", a)
            + " mm from the first, not " + String.format("%.2f", k * step) + " (missing or extra slices?)");
      }
    }
    return step;
  }

  private static double along(double[] p, double[] p0, double[] normal) {
    return (p[0] - p0[0]) * normal[0] + (p[1] - p0[1]) * normal[1] + (p[2] - p0[2]) * normal[2];
  }

  private static double[] scale(double[] v, double f) {
    return new double[] {v[0] * f, v[1] * f, v[2] * f};
  }

  /** DICOM's patient axes are LPS; NIfTI's and this project's are RAS. */
  private static double[] toRas(double[] lps) {
    return new double[] {-lps[0], -lps[1], lps[2]};
  }

  /** SHA-256 over the SHA-256 of every instance file, in slice order. */
  private static String seriesHash(SeriesInfo info) throws IOException {
    StringBuilder all = new StringBuilder();
    for (Path f : info.files()) all.append(Hashes.sha256(f)).append('\n');
    return Hashes.sha256(all.toString().getBytes(StandardCharsets.US_ASCII));
  }
}
