package org.crossmodal.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.DicomVolume;
import org.crossmodal.data.GridMatch;
import org.crossmodal.data.LabelMaps;
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
record TeacherSubject(String name, Volume image, Volume classes, Map<String, String> fileHashes) {

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
    if (onImage == null) onImage = GridMatch.onto(LabelMaps.readOriented(labelPath), image);
    Volume classes = onImage;
    if (s.labelNames != null) {
      Path namesPath = DataSet.resolve(s.labelNames);
      Map<String, Volume> masks = new LinkedHashMap<>();
      for (var e : s.masks.entrySet()) masks.put(e.getKey(), GridMatch.onto(LabelMaps.readOriented(hashed(e.getValue(), hashes)), image));
      classes = d.recipe.apply(onImage, LabelTable.read(namesPath), masks);
      hashes.put(namesPath.getFileName().toString(), Hashes.sha256(namesPath));
    }
    return new TeacherSubject(s.image,
        PlaneCut.cut(image.volume(), image.grid(), image.source(), d.plane, false),
        PlaneCut.cut(classes, image.grid(), image.source(), d.plane, true), hashes);
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
