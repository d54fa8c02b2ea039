package org.crossmodal.data;

import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.io.SafeNames;

/**
 * Writes each loadable series as a calibrated 32-bit float TIFF stack (as ImageJ writes it) and an
 * index.json from series UID to file name; series that fail are listed in the index with their error.
 */
public final class SeriesExport {
  public record Entry(String studyInstanceUid, String seriesInstanceUid, String modality, String file, String error) {}

  private SeriesExport() {}

  public static List<Entry> export(List<SeriesInfo> series, Path outDir) throws IOException {
    SeriesLoader loader = new SeriesLoader();
    List<Entry> index = new ArrayList<>();
    for (SeriesInfo s : series) {
      if (!s.isLoadable()) {
        index.add(new Entry(s.studyInstanceUid(), s.seriesInstanceUid(), s.modality(), null, s.error()));
        continue;
      }
      String name = fileName(s);
      try {
        ImagePlus imp = ImagePlusConversion.grey(loader.load(s), name);
        AtomicFiles.writeVia(AtomicFiles.under(outDir, name), tmp -> {
          if (!new FileSaver(imp).saveAsTiff(tmp.toString())) throw new IOException("ImageJ could not write " + tmp);
        });
        index.add(new Entry(s.studyInstanceUid(), s.seriesInstanceUid(), s.modality(), name, null));
      } catch (DicomFileException e) {
        index.add(new Entry(s.studyInstanceUid(), s.seriesInstanceUid(), s.modality(), null, e.getMessage()));
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("series", index);
    Json.write(outDir.resolve("index.json"), doc);
    return index;
  }

  /**
   * Named by modality and series UID (never by patient name), both through {@link SafeNames}: they come from the file;
   * a part of a split series adds its suffix, so that parts do not overwrite each other.
   */
  public static String fileName(SeriesInfo s) {
    return SafeNames.modality(s.modality()) + "_" + SafeNames.uid(s.seriesInstanceUid()) + SafeNames.partSuffix(s.partSuffix()) + ".tif";
  }
}
