package org.crossmodal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.DicomVolume;
import org.crossmodal.data.GridMatch;
import org.crossmodal.data.LabelMaps;
import org.crossmodal.data.LabelledVolume;
import org.crossmodal.data.LabelTable;
import org.crossmodal.data.NiftiReader;
import org.crossmodal.data.OrientedVolume;
import org.crossmodal.data.PlaneCut;
import org.crossmodal.data.Volume;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Hashes;

/**
 * One labelled volume of the teacher's data: its image and class map on the image's grid (labels
 * and masks matched to it in patient coordinates), both cut in the configured plane, and the
 * SHA-256 of every file read.
 */
record TeacherSubject(String name, Volume image, Volume classes, Map<String, String> fileHashes, boolean inMemory) {

  /** What provenance calls it: its image file's name, or the name of a volume held in memory as given. */
  String shortName() {
    return inMemory ? name : Path.of(name).getFileName().toString();
  }

  static TeacherSubject load(TeacherConfig.Subject s, TeacherConfig.Data d) throws IOException {
    Map<String, String> hashes = new LinkedHashMap<>();
    Path imagePath = DataSet.resolve(s.image);
    DicomVolume.Loaded series = isNifti(imagePath) ? null : DicomVolume.read(imagePath, s.series);
    OrientedVolume image;
    if (series == null) {
      image = NiftiReader.readOriented(hashed(s.image, hashes));
    } else {
      hashes.putAll(series.hashes());
      image = series.volume();
    }
    Path labelPath = hashed(s.labels, hashes);
    // A DICOM SEG drawn on this series names the image of every frame: placed by those references.
    Volume onImage = null;
    if (series != null && labelPath.getFileName().toString().toLowerCase().endsWith(".dcm")) {
      try {
        onImage = LabelMaps.segmentationOn(labelPath, series);
      } catch (IOException e) {
        throw new IOException(e.getMessage() + " (image: " + imagePath + ")", e);
      }
    }
    if (onImage == null) onImage = GridMatch.onto(LabelMaps.readOriented(labelPath), image, s.resampleLabels);
    Volume classes = onImage;
    if (s.labelNames != null) {
      Path namesPath = DataSet.resolve(s.labelNames);
      Map<String, Volume> masks = new LinkedHashMap<>();
      for (var e : s.masks.entrySet()) masks.put(e.getKey(), GridMatch.onto(LabelMaps.readOriented(hashed(e.getValue(), hashes)), image));
      classes = d.recipeOf(s).apply(onImage, LabelTable.read(namesPath), masks);
      hashes.put(namesPath.getFileName().toString(), Hashes.sha256(namesPath));
    }
    return new TeacherSubject(s.image,
        PlaneCut.cut(image.volume(), image.grid(), image.source(), d.plane, false),
        PlaneCut.cut(classes, image.grid(), image.source(), d.plane, true), hashes, false);
  }

  /**
   * A labelled volume held in memory: its labels matched to the image (voxel for voxel when either
   * has no patient grid), their values checked against the recipe's classes (value i is class i), both
   * cut in the configured plane. Provenance: each one's name and the SHA-256 of its voxels
   * ({@link Volume#sha256()}), keyed "image NAME voxels" and "labels NAME voxels".
   */
  static TeacherSubject of(LabelledVolume v, TeacherConfig.Data d) throws IOException {
    v.checkSize();
    OrientedVolume image = v.image().grid() != null ? v.image()
        : new OrientedVolume(v.image().volume(), LabelledVolume.displayGrid(v.image().volume()), v.image().source());
    // Without the image's own geometry, labels are taken voxel for voxel whatever grid they carry.
    OrientedVolume labels = v.image().grid() != null ? v.labels() : new OrientedVolume(v.labels().volume(), null, v.labels().source());
    Volume classes = GridMatch.onto(labels, image);
    checkClasses(v.labels().source(), classes, d);
    Map<String, String> hashes = new LinkedHashMap<>();
    hashes.put("image " + v.image().source() + " voxels", v.image().volume().sha256());
    hashes.put("labels " + v.labels().source() + " voxels", v.labels().volume().sha256());
    return new TeacherSubject(v.name(),
        PlaneCut.cut(image.volume(), image.grid(), image.source(), d.plane, false),
        PlaneCut.cut(classes, image.grid(), image.source(), d.plane, true), hashes, true);
  }

  /** Every label value must be a class of the recipe: a whole number from 0 to the number of classes - 1. */
  private static void checkClasses(String labels, Volume classes, TeacherConfig.Data d) throws IOException {
    int n = d.recipe.classCount();
    for (float f : classes.voxels()) {
      if (f >= 0 && f < n && f == Math.rint(f)) continue;
      StringBuilder names = new StringBuilder();
      for (int c = 0; c < n; c++) names.append(c == 0 ? "" : ", ").append(c).append(' ').append(d.recipe.classNames().get(c));
      throw new IOException("the labels \"" + labels + "\" hold the value " + (f == Math.rint(f) ? String.valueOf((long) f) : String.valueOf(f))
          + ", but the recipe (teacher.data.recipe) has " + n + " classes (" + names + "): label value i is class i");
    }
  }

  private static boolean isNifti(Path path) {
    String name = path.getFileName().toString().toLowerCase();
    return name.endsWith(".nii") || name.endsWith(".nii.gz");
  }

  private static Path hashed(String configured, Map<String, String> hashes) throws IOException {
    Path p = DataSet.resolve(configured);
    hashes.put(p.getFileName().toString(), Hashes.sha256(p));
    return p;
  }
}
