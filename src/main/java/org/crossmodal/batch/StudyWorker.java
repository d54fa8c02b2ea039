package org.crossmodal.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Hashes;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;

/**
 * The work of a batch on one study, with one loaded model: skip it when its status says done with
 * the same settings, else segment its series and write its status last. {@link BatchJob} runs one
 * worker on a few threads of this JVM; on a cluster every partition opens one ({@link StudyTask}).
 * Never throws for a study: whatever goes wrong becomes the study's {@code failed} status and row.
 */
final class StudyWorker implements AutoCloseable {
  private final BatchConfig c;
  private final String settings;
  private final String runId;
  private final Deidentifier deidentifier;
  private final InputRedactor redactor;
  private final MemoryBudget memory;
  private final LoadedModel model;
  private final SeriesSegmentation segmentation;

  private StudyWorker(BatchConfig c, String settings, String runId, Deidentifier deidentifier, InputRedactor redactor,
      MemoryBudget memory, LoadedModel model, String modelSha) {
    this.c = c;
    this.settings = settings;
    this.runId = runId;
    this.deidentifier = deidentifier;
    this.redactor = redactor;
    this.memory = memory;
    this.model = model;
    this.segmentation = new SeriesSegmentation(c, model, deidentifier, modelSha);
  }

  /** Loads the model ({@code c.threads} engine threads); {@code settings} and {@code runId} come from the batch. */
  static StudyWorker open(BatchConfig c, String modelSha, String settings, String runId, Deidentifier deidentifier,
      InputRedactor redactor, MemoryBudget memory) throws IOException {
    LoadedModel model = ModelFile.load(c.model, c.threads);
    return new StudyWorker(c, settings, runId, deidentifier, redactor, memory, model, modelSha);
  }

  /** A study as a cluster task receives it: its files are read again here, then segmented. */
  StudyOutcome run(StudyFiles study) {
    List<SeriesInfo> series = new ArrayList<>();
    String unreadable = null;
    try (ScannedStudies scan = new StudyScanner().scan(study.files().stream().map(Path::of).toList())) {
      for (SeriesInfo s : scan.series()) {
        if (!s.isLoadable()) unreadable = unreadable == null ? s.error() : unreadable;
        else if (study.studyInstanceUid().equals(s.studyInstanceUid())) series.add(s);
      }
    }
    if (unreadable != null) {
      // The files were readable when the batch listed them: a file changed or went away since.
      return failed(study.studyInstanceUid(), redactor.redact(unreadable));
    }
    return run(study.studyInstanceUid(), series);
  }

  /** One study: skip, or segment its series and write its status last. */
  StudyOutcome run(String studyUid, List<SeriesInfo> series) {
    long t0 = System.nanoTime();
    String key = studyKey(studyUid);
    Path dir = c.out.resolve(key); // folderName: a UID or a hash, never a path
    StudyStatus previous = StudyStatus.read(dir);
    if (previous != null && previous.isDoneWith(settings)) return doneEarlier(key, previous);
    List<SeriesInfo> todo = series.stream().filter(s -> c.modalities.contains(s.modality())).toList();
    List<StudyStatus.SeriesOutput> outputs = new ArrayList<>();
    String failure = null;
    int needMb = 0;
    try {
      AtomicFiles.createDirectories(dir);
      removeTemporaries(dir);
      needMb = megabytes(todo);
      if (needMb > memory.megabytes()) {
        failure = "needs about " + needMb + " MB, more than the memory budget of " + memory.megabytes() + " MB (--memory-budget)";
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
      new StudyStatus(key, state, failure, settings, outputs, seconds, runId).write(dir);
    } catch (IOException e) {
      failure = (failure == null ? "" : failure + "; ") + "status not written: " + e.getMessage();
    }
    int frames = outputs.stream().mapToInt(StudyStatus.SeriesOutput::frames).sum();
    if (failure != null) return new StudyOutcome(key, StudyOutcome.FAILED, failure, outputs.size(), frames, seconds);
    if (todo.isEmpty()) return new StudyOutcome(key, StudyOutcome.SKIPPED, nothingToDo(c), 0, 0, seconds);
    return new StudyOutcome(key, StudyOutcome.DONE, null, outputs.size(), frames, seconds);
  }

  /**
   * The row of a study whose partition failed for good on a cluster (its JVM was lost on every
   * attempt): done if an attempt of this run finished it before that, else failed with the engine's reason.
   */
  static StudyOutcome afterLostPartition(BatchConfig c, String settings, String runId, Deidentifier deidentifier,
      String studyUid, String reason) {
    String key = folderName(deidentifier == null ? studyUid : deidentifier.uid(studyUid));
    StudyStatus status = StudyStatus.read(c.out.resolve(key));
    if (status != null && status.isDoneWith(settings)) return outcomeOfDone(key, status, runId, c);
    return new StudyOutcome(key, StudyOutcome.FAILED, "not finished: " + reason, 0, 0, 0);
  }

  private StudyOutcome failed(String studyUid, String reason) {
    return new StudyOutcome(studyKey(studyUid), StudyOutcome.FAILED, reason, 0, 0, 0);
  }

  /** Done with these settings: by an earlier run (skipped), or by an attempt of this run that the engine ran again (done). */
  private StudyOutcome doneEarlier(String key, StudyStatus previous) {
    return outcomeOfDone(key, previous, runId, c);
  }

  private static StudyOutcome outcomeOfDone(String key, StudyStatus s, String runId, BatchConfig c) {
    int frames = s.series().stream().mapToInt(StudyStatus.SeriesOutput::frames).sum();
    if (runId.equals(s.run())) {
      boolean nothing = s.series().isEmpty();
      return new StudyOutcome(key, nothing ? StudyOutcome.SKIPPED : StudyOutcome.DONE, nothing ? nothingToDo(c) : null,
          s.series().size(), frames, s.seconds());
    }
    return new StudyOutcome(key, StudyOutcome.SKIPPED, s.series().isEmpty() ? nothingToDo(c) : "done in an earlier run",
        s.series().size(), frames, 0);
  }

  /** The study's folder: its UID, or its replacement when de-identifying. */
  private String studyKey(String studyUid) {
    return folderName(deidentifier == null ? studyUid : deidentifier.uid(studyUid));
  }

  /** A UID is a safe folder name; anything else a broken file may carry is replaced by its hash. */
  static String folderName(String uid) {
    if (uid.matches("[0-9][0-9.]{0,63}") && !uid.contains("..")) return uid;
    return "study-" + Hashes.sha256(uid.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }

  private static String nothingToDo(BatchConfig c) {
    return "no " + String.join(" or ", new TreeSet<>(c.modalities)) + " series";
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

  @Override
  public void close() {
    model.close();
  }
}
