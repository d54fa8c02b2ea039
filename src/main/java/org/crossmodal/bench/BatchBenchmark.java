package org.crossmodal.bench;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.crossmodal.batch.BatchConfig;
import org.crossmodal.batch.BatchJob;
import org.crossmodal.batch.BatchListener;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.batch.StudyOutcome;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.UltrasoundImageWriter;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;

/**
 * The batch over many small synthetic ultrasound studies with the demo's network (untrained: speed
 * does not depend on the weights): studies per second, the peak heap, and the live heap after a
 * full GC at 10 %, 50 % and 100 % of the studies, whose ratio shows whether the heap grows with them.
 */
public final class BatchBenchmark {
  public record Result(int studies, double seconds, long peakHeapBytes, long[] liveHeapBytes, int failed) {
    public double studiesPerSecond() {
      return studies / seconds;
    }

    public double heapGrowth() {
      return (double) liveHeapBytes[2] / liveHeapBytes[0];
    }
  }

  private BatchBenchmark() {}

  public static Result run(int studies, int frames, int size, int workers, Path work) throws IOException, InterruptedException {
    return run(studies, frames, size, workers, null, null, work);
  }

  /**
   * {@code model}: the network to run (null: the demo's network, untrained); {@code inputs}: where the
   * studies are, written there unless a previous run left them (null: {@code work/studies}). Results
   * go to {@code work/out}.
   */
  public static Result run(int studies, int frames, int size, int workers, Path model, Path inputs, Path work)
      throws IOException, InterruptedException {
    if (inputs == null) inputs = work.resolve("studies");
    Files.createDirectories(inputs);
    Path studiesDir = Files.createDirectories(inputs.resolve("dicom"));
    if (!Files.exists(studiesDir.resolve(String.format("study-%05d.dcm", studies - 1)))) writeStudies(studiesDir, studies, frames, size);
    BatchConfig c = new BatchConfig();
    Path demo = inputs.resolve("demo-network.model.zip"); // beside the studies, so compared runs share it
    c.model = model != null ? model : Files.exists(demo) ? demo : demoModel(demo);
    c.inputs = List.of(studiesDir);
    c.out = work.resolve("out");
    c.workers = workers;
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    AtomicLong peak = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    long[] live = new long[3];
    int[] marks = {Math.max(1, studies / 10), Math.max(1, studies / 2), studies};
    AtomicInteger finished = new AtomicInteger();
    BatchListener listener = new BatchListener() {
      @Override public void started(int n, int unreadable) {}
      @Override public void finished(StudyOutcome o) {
        int k = finished.incrementAndGet();
        for (int m = 0; m < marks.length; m++) {
          if (k == marks[m]) {
            System.gc();
            live[m] = memory.getHeapMemoryUsage().getUsed();
          }
        }
      }
    };
    sampler.start();
    BatchSummary s = BatchJob.run(c, listener);
    sampler.interrupt();
    return new Result(studies, s.seconds(), peak.get(), live, s.failed());
  }

  /**
   * How far the labels of one batch output tree are from another's (same studies): the share of
   * pixels with the same label, and per class the Dice of {@code b}'s pixels of that class against
   * {@code a}'s, over every segmentation object both wrote.
   */
  public record Agreement(long pixels, long same, long[] intersection, long[] inA, long[] inB, int files) {
    public double share() {
      return pixels == 0 ? Double.NaN : (double) same / pixels;
    }

    public double dice(int k) {
      return inA[k] + inB[k] == 0 ? 1 : 2.0 * intersection[k] / (inA[k] + inB[k]);
    }
  }

  public static Agreement agreement(Path a, Path b, int classes) throws IOException {
    long pixels = 0, same = 0;
    long[] inter = new long[classes], inA = new long[classes], inB = new long[classes];
    int files = 0;
    List<Path> segs;
    try (var s = Files.walk(a)) {
      segs = s.filter(p -> p.getFileName().toString().endsWith("-seg.dcm")).sorted().toList();
    }
    for (Path pa : segs) {
      Path pb = b.resolve(a.relativize(pa).toString());
      if (!Files.exists(pb)) continue;
      float[] la = org.crossmodal.dicom.SegmentationReader.read(pa).segments(), lb = org.crossmodal.dicom.SegmentationReader.read(pb).segments();
      if (la.length != lb.length) throw new IOException(pb + " does not match " + pa);
      files++;
      for (int i = 0; i < la.length; i++) {
        int x = Math.min(classes - 1, Math.max(0, Math.round(la[i]))), y = Math.min(classes - 1, Math.max(0, Math.round(lb[i])));
        pixels++;
        if (x == y) {
          same++;
          inter[x]++;
        }
        inA[x]++;
        inB[y]++;
      }
    }
    return new Agreement(pixels, same, inter, inA, inB, files);
  }

  /** One study per file: a small US cine with its own patient-less synthetic study. */
  static void writeStudies(Path dir, int studies, int frames, int size) throws IOException {
    Random r = new Random(7);
    for (int i = 0; i < studies; i++) {
      List<byte[]> f = new ArrayList<>();
      for (int k = 0; k < frames; k++) {
        byte[] px = new byte[size * size];
        r.nextBytes(px);
        f.add(px);
      }
      UltrasoundImageWriter.write(dir.resolve(String.format("study-%05d.dcm", i)), StudyContext.synthetic("20260101", "120000"), f,
          size, size, 0.3, 33.3, "SYNTHETIC benchmark study", "SYNTHETIC: random pixels for the batch benchmark", "20260101120000");
    }
  }

  static Path demoModel(Path file) throws IOException {
    UNetConfig arch = UNetConfig.demo(3);
    ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "bench", arch, List.of("background", "brain", "deep_grey"),
        128, 0, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    try (LoadedModel m = LoadedModel.create(d, 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, 128, 128));
      ModelFile.save(file, m.net(), d);
    }
    return file;
  }
}
