package org.crossmodal.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.Json;

/**
 * The file {@code STUDY/status.json} that makes a re-run skip a done study and retry a failed one.
 * It is written last, atomically: a study killed halfway has none and is done again. {@code run}
 * names the batch run that wrote it, so that a study a cluster ran twice within one run (its first
 * JVM was lost after the study was done) still counts as done by that run, not as skipped.
 */
public record StudyStatus(String study, String state, String reason, String settings, List<SeriesOutput> series,
    double seconds, String run) {
  public static final String FILE = "status.json";
  public static final String DONE = "done";
  public static final String FAILED = "failed";

  /** One segmented series and the files written for it (names relative to the study folder). */
  public record SeriesOutput(String seriesInstanceUid, String modality, int frames, String segmentation, String overlay,
      List<String> sources) {}

  /** The status a study folder holds, or null when it has none or it cannot be read. */
  static StudyStatus read(Path studyDir) {
    Path f = studyDir.resolve(FILE);
    if (!Files.isRegularFile(f)) return null;
    try {
      return Json.read(f, StudyStatus.class);
    } catch (IOException e) {
      return null;
    }
  }

  boolean isDoneWith(String settings) {
    return DONE.equals(state) && settings.equals(this.settings);
  }

  void write(Path studyDir) throws IOException {
    Json.write(studyDir.resolve(FILE), this);
  }
}
