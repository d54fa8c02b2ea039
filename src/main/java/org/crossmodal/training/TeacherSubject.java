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
    OrientedVolume image = image(s, hashes);
    OrientedVolume labels = LabelMaps.readOriented(hashed(s.labels, hashes));
    Volume onImage = GridMatch.onto(labels, image, s.resampleLabels);
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
        PlaneCut.cut(classes, image.grid(), image.source(), d.plane, true), hashes);
  }

  private static OrientedVolume image(TeacherConfig.Subject s, Map<String, String> hashes) throws IOException {
    Path path = DataSet.resolve(s.image);
    String name = path.getFileName().toString().toLowerCase();
    if (name.endsWith(".nii") || name.endsWith(".nii.gz")) return NiftiReader.readOriented(hashed(s.image, hashes));
    DicomVolume.Loaded series = DicomVolume.read(path, s.series);
    hashes.putAll(series.hashes());
    return series.volume();
  }

  private static Path hashed(String configured, Map<String, String> hashes) throws IOException {
    Path p = DataSet.resolve(configured);
    hashes.put(p.getFileName().toString(), Hashes.sha256(p));
    return p;
  }
}
