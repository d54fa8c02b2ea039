package org.crossmodal.batch;

/** Follows a batch: the CLI shows a progress bar or JSON lines, Fiji its status bar. */
public interface BatchListener {
  /** Called once, when the inputs are scanned: studies to process and unreadable files found. */
  void started(int studies, int unreadableFiles);

  /** Called once per study (and per unreadable file), from worker threads, one call at a time. */
  void finished(StudyOutcome outcome);

  BatchListener NONE = new BatchListener() {
    @Override public void started(int studies, int unreadableFiles) {}
    @Override public void finished(StudyOutcome outcome) {}
  };
}
