package org.crossmodal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Hashes;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;

/**
 * Segments every study found in folders, zips and DICOMDIRs with one model: per study a folder
 * with DICOM results and a status file. A study done earlier with the same settings is skipped, a
 * failed one is tried again, and one bad study never stops the others. Studies run on a few worker
 * threads within a memory budget; the heap holds only the studies in flight.
 */
public final class BatchJob {
  private BatchJob() {}

  public static BatchSummary run(BatchConfig c, BatchListener listener) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    // The key is checked (outside the export, owner-only) before anything is written.
    byte[] key = c.deidentify ? KeyFile.load(c.keyFile, c.out) : null;
    AtomicFiles.createDirectories(c.out);
    String modelSha = Hashes.sha256(c.model);
    String settings = c.outputSettings(modelSha);
    Deidentifier deidentifier = c.deidentify ? new Deidentifier(key, c.deidentifyOptions) : null;
    List<StudyOutcome> rows = new ArrayList<>();
    try (ScannedStudies scan = new StudyScanner().scan(c.inputs); LoadedModel model = ModelFile.load(c.model, c.threads)) {
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
      SeriesSegmentation segmentation = new SeriesSegmentation(c, model, deidentifier, modelSha);
      int budget = (int) Math.min(Integer.MAX_VALUE, Math.max(1, c.memoryBudgetMb));
      Semaphore memory = new Semaphore(budget, true);
      ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, c.workers), r -> {
        Thread t = new Thread(r, "batch-worker");
        t.setDaemon(true);
        return t;
      });
      try {
        List<Future<?>> running = new ArrayList<>();
        for (var study : studies.entrySet()) {
          StudyRun run = new StudyRun(c, settings, segmentation, deidentifier, redactor, memory, budget, study.getKey(),
              study.getValue());
          running.add(pool.submit(() -> report(listener, rows, run.call())));
        }
        for (Future<?> f : running) f.get();
      } catch (ExecutionException e) {
        throw new IOException("batch worker failed: " + redactor.redact(String.valueOf(e.getCause())), e.getCause());
      } finally {
        pool.shutdownNow();
      }
    }
    BatchSummary summary = BatchSummary.of(c.model.getFileName().toString(), settings, rows, (System.nanoTime() - t0) / 1e9);
    Json.write(c.out.resolve(BatchSummary.FILE), summary);
    return summary;
  }

  private static void report(BatchListener listener, List<StudyOutcome> rows, StudyOutcome o) {
    synchronized (rows) {
      rows.add(o);
      listener.finished(o);
    }
  }

  /** One study: skip, or segment its series and write its status last. */
  private record StudyRun(BatchConfig c, String settings, SeriesSegmentation segmentation, Deidentifier deidentifier,
      InputRedactor redactor, Semaphore memory, int budgetMb, String studyUid, List<SeriesInfo> series) {

    StudyOutcome call() {
      long t0 = System.nanoTime();
      String key = folderName(deidentifier == null ? studyUid : deidentifier.uid(studyUid));
      Path dir = c.out.resolve(key); // folderName: a UID or a hash, never a path
      StudyStatus previous = StudyStatus.read(dir);
      if (previous != null && previous.isDoneWith(settings)) {
        return new StudyOutcome(key, StudyOutcome.SKIPPED, previous.series().isEmpty() ? nothingToDo() : "done in an earlier run",
            previous.series().size(), previous.series().stream().mapToInt(StudyStatus.SeriesOutput::frames).sum(), 0);
      }
      List<SeriesInfo> todo = series.stream().filter(s -> c.modalities.contains(s.modality())).toList();
      List<StudyStatus.SeriesOutput> outputs = new ArrayList<>();
      String failure = null;
      int needMb = 0;
      try {
        AtomicFiles.createDirectories(dir);
        removeTemporaries(dir);
        needMb = megabytes(todo);
        if (needMb > budgetMb) {
          failure = "needs about " + needMb + " MB, more than the memory budget of " + budgetMb + " MB (--memory-budget)";
        } else {
          memory.acquire(needMb);
          try {
            for (SeriesInfo s : todo) outputs.add(segmentation.run(s, dir));
          } finally {
            memory.release(needMb);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "interrupted";
      } catch (Exception | OutOfMemoryError e) {
        failure = redactor.redact(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      String state = failure == null ? StudyStatus.DONE : StudyStatus.FAILED;
      try {
        new StudyStatus(key, state, failure, settings, outputs, seconds).write(dir);
      } catch (IOException e) {
        failure = (failure == null ? "" : failure + "; ") + "status not written: " + e.getMessage();
      }
      int frames = outputs.stream().mapToInt(StudyStatus.SeriesOutput::frames).sum();
      if (failure != null) return new StudyOutcome(key, StudyOutcome.FAILED, failure, outputs.size(), frames, seconds);
      if (todo.isEmpty()) return new StudyOutcome(key, StudyOutcome.SKIPPED, nothingToDo(), 0, 0, seconds);
      return new StudyOutcome(key, StudyOutcome.DONE, null, outputs.size(), frames, seconds);
    }

    /** A UID is a safe folder name; anything else a broken file may carry is replaced by its hash. */
    private static String folderName(String uid) {
      if (uid.matches("[0-9][0-9.]{0,63}") && !uid.contains("..")) return uid;
      return "study-" + Hashes.sha256(uid.getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 16);
    }

    private String nothingToDo() {
      return "no " + String.join(" or ", new java.util.TreeSet<>(c.modalities)) + " series";
    }

    private int megabytes(List<SeriesInfo> todo) {
      long bytes = 0;
      int classes = segmentation.classCount();
      for (SeriesInfo s : todo) bytes += (long) s.rows() * s.columns() * s.frames() * SeriesSegmentation.bytesPerPixel(classes);
      return (int) Math.min(Integer.MAX_VALUE, Math.max(1, bytes >> 20));
    }

    /** What a kill can leave in a study folder: half-written files and identified temporaries. */
    private static void removeTemporaries(Path dir) throws IOException {
      AtomicFiles.removeLeftovers(dir);
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(SeriesSegmentation.IDENTIFIED_TEMP)).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
