package org.crossmodal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Hashes;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.ModelPath;

/**
 * Segments every study found in folders, zips and DICOMDIRs with one model: per study a folder
 * with DICOM results and a status file. A study done earlier with the same settings is skipped, a
 * failed one is tried again, and one bad study never stops the others. Studies run on a few worker
 * threads of this JVM within a memory budget, or on a {@link Cluster} (one model per partition);
 * either way the same {@link StudyWorker} does each study, and the heap holds only the studies in flight.
 */
public final class BatchJob {
  /** Where a batch on a cluster unpacks zips: inside the output folder, which every machine sees; removed at the end. */
  static final String UNPACKED_PREFIX = ".unpacked-";
  /** Partitions per task slot of a cluster: small partitions balance uneven studies and show progress. */
  static final int PARTITIONS_PER_SLOT = 4;

  private BatchJob() {}

  /** On this machine: {@code c.workers} studies in flight, one loaded model. */
  public static BatchSummary run(BatchConfig c, BatchListener listener) throws IOException, InterruptedException {
    return run(c, listener, null);
  }

  /**
   * On {@code cluster} when it is not null: the inputs are listed here, the studies split into
   * partitions, and each partition loads the model once and writes into {@code c.out} (a folder every
   * machine of the cluster sees); the summary is written here. Else as {@link #run(BatchConfig, BatchListener)}.
   */
  public static BatchSummary run(BatchConfig c, BatchListener listener, Cluster cluster) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    if (c.deidentify && cluster != null && !cluster.protectsTaskData()) {
      throw new IOException("--deidentify on " + cluster.describe() + " would send the de-identification key to the executors "
          + "unencrypted: set spark.authenticate=true and spark.network.crypto.enabled=true (docs/spark.md)");
    }
    // The key is checked (outside the export, owner-only) before anything is written.
    byte[] key = c.deidentify ? KeyFile.load(c.keyFile, c.out) : null;
    AtomicFiles.createDirectories(c.out);
    String modelSha = Hashes.sha256(ModelPath.requireFile(c.model));
    String settings = c.outputSettings(modelSha);
    Deidentifier deidentifier = key == null ? null : new Deidentifier(key, c.deidentifyOptions);
    byte[] run = new byte[8];
    new SecureRandom().nextBytes(run);
    String runId = HexFormat.of().formatHex(run);
    List<StudyOutcome> rows = new ArrayList<>();
    StudyScanner scanner = new StudyScanner();
    if (cluster != null && !cluster.inThisJvm()) {
      removeUnpacked(c.out);
      scanner = scanner.unpackingInto(c.out, UNPACKED_PREFIX);
    }
    try (ScannedStudies scan = scanner.scan(c.inputs)) {
      // De-identified summaries, status files and printed rows name input files by a keyed token, not by path.
      InputRedactor redactor = deidentifier == null ? InputRedactor.none()
          : InputRedactor.of(c.inputs, scan.unpackedFolders(), deidentifier);
      Map<String, List<SeriesInfo>> studies = new TreeMap<>();
      List<String> unreadable = new ArrayList<>();
      for (SeriesInfo s : scan.series()) {
        if (s.isLoadable()) studies.computeIfAbsent(s.studyInstanceUid(), k -> new ArrayList<>()).add(s);
        else unreadable.add(s.error());
      }
      listener.started(studies.size(), unreadable.size());
      for (String error : unreadable) {
        // Files next to the studies that are no DICOM at all (notes, images) are passed over, not failures.
        String outcome = DicomFileException.isNotDicom(error) ? StudyOutcome.SKIPPED : StudyOutcome.FAILED;
        report(listener, rows, redactor.redact(new StudyOutcome(null, outcome, error, 0, 0, 0)));
      }
      if (cluster == null) onThisMachine(c, modelSha, settings, runId, deidentifier, redactor, studies, listener, rows);
      else onCluster(cluster, c, modelSha, settings, runId, key, deidentifier, redactor, scan.unpackedFolders(), studies, listener, rows);
    }
    BatchSummary summary = BatchSummary.of(c.model.getFileName().toString(), settings, rows, (System.nanoTime() - t0) / 1e9);
    Json.write(c.out.resolve(BatchSummary.FILE), summary);
    return summary;
  }

  private static void onThisMachine(BatchConfig c, String modelSha, String settings, String runId, Deidentifier deidentifier,
      InputRedactor redactor, Map<String, List<SeriesInfo>> studies, BatchListener listener, List<StudyOutcome> rows)
      throws IOException, InterruptedException {
    MemoryBudget memory = new MemoryBudget(c.memoryBudgetMb);
    try (StudyWorker worker = StudyWorker.open(c, modelSha, settings, runId, deidentifier, redactor, memory)) {
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, c.workers), r -> {
        Thread t = new Thread(r, "batch-worker");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> running = new ArrayList<>();
        for (var study : studies.entrySet()) {
          running.add(pool.submit(() -> report(listener, rows, worker.run(study.getKey(), study.getValue()))));
        }
        for (Future<?> f : running) f.get();
      } catch (ExecutionException e) {
        throw new IOException("batch worker failed: " + redactor.redact(String.valueOf(e.getCause())), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
  }

  private static void onCluster(Cluster cluster, BatchConfig c, String modelSha, String settings, String runId, byte[] key,
      Deidentifier deidentifier, InputRedactor redactor, List<Path> unpacked, Map<String, List<SeriesInfo>> studies,
      BatchListener listener, List<StudyOutcome> rows) throws IOException, InterruptedException {
    List<StudyFiles> items = new ArrayList<>();
    for (var study : studies.entrySet()) {
      List<String> files = new ArrayList<>();
      for (SeriesInfo s : study.getValue()) s.files().forEach(f -> files.add(f.toAbsolutePath().toString()));
      items.add(new StudyFiles(study.getKey(), files));
    }
    if (items.isEmpty()) return;
    // A model file that is not one fails here, once, as it does on one machine, not in every task.
    ModelFile.readDescriptor(c.model);
    int partitions = Math.min(items.size(), Math.max(1, cluster.parallelism() * PARTITIONS_PER_SLOT));
    StudyTask task = new StudyTask(c, modelSha, settings, runId, key, unpacked.stream().map(p -> p.toAbsolutePath().toString()).toList());
    cluster.run(items, partitions, task, new Cluster.Sink<>() {
      @Override
      public void finished(List<StudyOutcome> results) {
        for (StudyOutcome o : results) report(listener, rows, o);
      }

      @Override
      public void failed(List<StudyFiles> lost, String reason) {
        for (StudyFiles s : lost) {
          report(listener, rows, redactor.redact(
              StudyWorker.afterLostPartition(c, settings, runId, deidentifier, s.studyInstanceUid(), reason)));
        }
      }
    });
  }

  private static void report(BatchListener listener, List<StudyOutcome> rows, StudyOutcome o) {
    synchronized (rows) {
      rows.add(o);
      listener.finished(o);
    }
  }

  /** Folders a batch on a cluster unpacked zips into and could not remove (its driver was killed). */
  private static void removeUnpacked(Path out) throws IOException {
    try (var s = Files.list(out)) {
      for (Path dir : s.filter(p -> p.getFileName().toString().startsWith(UNPACKED_PREFIX) && Files.isDirectory(p)).toList()) {
        try (var w = Files.walk(dir)) {
          for (Path p : w.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
      }
    }
  }
}
