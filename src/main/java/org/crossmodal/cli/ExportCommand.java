package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.data.SeriesExport;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.StudyScanner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", description = "Write each series as a calibrated 32-bit float TIFF stack plus DIR/index.json.")
final class ExportCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "PATH", description = "DICOM files, folders, zip archives or DICOMDIRs")
  List<Path> paths;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "folder for the TIFF stacks and index.json (created)")
  Path out;

  @Override
  public Integer call() throws Exception {
    try (ScannedStudies scan = new StudyScanner().scan(paths)) {
      List<SeriesExport.Entry> index = SeriesExport.export(scan.series(), out);
      long written = index.stream().filter(e -> e.file() != null).count();
      for (SeriesExport.Entry e : index) {
        if (e.error() != null) System.err.println("skipped: " + e.error());
      }
      System.out.println("exported " + written + " series to " + out + " (index.json)");
      return written > 0 ? 0 : 1;
    }
  }
}
