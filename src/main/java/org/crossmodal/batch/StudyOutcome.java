package org.crossmodal.batch;

/**
 * What happened to one study in this run: {@code done} now, {@code skipped} (done earlier, or
 * nothing of the asked modalities) or {@code failed}, with the reason. {@code study} is the study
 * folder's name (its Study Instance UID, or its replacement when de-identifying); an unreadable file
 * that belongs to no study has none.
 */
public record StudyOutcome(String study, String outcome, String reason, int series, int frames, double seconds)
    implements java.io.Serializable {
  public static final String DONE = "done";
  public static final String SKIPPED = "skipped";
  public static final String FAILED = "failed";
}
