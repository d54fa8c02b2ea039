package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.dicom.TransferSyntaxes;
import org.crossmodal.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "studies", description = "List the DICOM series in folders, zips and DICOMDIRs (pixel data checked, not decoded).")
final class StudiesCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "folders, files, zip archives or DICOMDIRs")
  List<Path> paths;

  @Option(names = "--json", description = "print a JSON array, one object per series")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (ScannedStudies scan = new StudyScanner().scan(paths)) {
      List<SeriesInfo> series = scan.series();
      if (json) {
        System.out.println(Json.MAPPER.writeValueAsString(series));
      } else {
        System.out.print(table(series));
      }
      return scan.loadable().isEmpty() ? 1 : 0;
    }
  }

  static String table(List<SeriesInfo> series) {
    StringBuilder sb = new StringBuilder(String.format("%-3s %-8s %-11s %6s %-36s %-14s %s%n",
        "#", "modality", "size", "frames", "transfer syntax", "photometric", "series (UID, _part when split) / error"));
    int i = 0;
    for (SeriesInfo s : series) {
      i++;
      if (s.seriesInstanceUid() == null) {
        sb.append(String.format("%-3d %-8s %-11s %6s %-36s %-14s %s%n", i, "-", "-", "-", "-", "-", "ERROR " + s.error()));
        continue;
      }
      String ts = TransferSyntaxes.name(s.transferSyntaxUid());
      sb.append(String.format("%-3d %-8s %-11s %6d %-36s %-14s %s%n", i, s.modality(), s.columns() + "x" + s.rows(),
          s.frames(), ts.length() > 36 ? ts.substring(0, 36) : ts, s.photometricInterpretation(),
          s.error() == null ? s.seriesId() : "ERROR " + s.error()));
      if (s.warning() != null) sb.append(String.format("%-3s %s%n", "", "WARNING " + s.warning()));
    }
    return sb.toString();
  }
}
