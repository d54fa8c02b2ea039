package org.crossmodal.pacs;

import com.pixelmed.dicom.StoredFilePathStrategy;
import java.io.File;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Names received files in the staging folder by a counter of ours. PixelMed's own strategies build
 * the path from the Affected SOP Instance UID the peer sends, so a peer that sends {@code ../../x}
 * chooses where the file lands; here the peer's UID never reaches a path. The file's own header is
 * read and checked afterwards ({@link StudyCache#accept}) before anything is filed under its UIDs.
 */
final class StagingNames extends StoredFilePathStrategy {
  private final AtomicLong next = new AtomicLong();

  @Override
  public String makeStoredFilePath(String peerUid) {
    return "received-" + next.incrementAndGet() + ".dcm";
  }

  @Override
  public File makeStoredFilePath(File folder, String peerUid) {
    return new File(folder, makeStoredFilePath(peerUid));
  }

  @Override
  public File makeAlternativeStoredFilePath(File folder, String alternativeSubfolder, String peerUid) {
    return makeStoredFilePath(folder, peerUid);
  }

  @Override
  public File makeReliableStoredFilePathWithFoldersCreated(File folder, String alternativeSubfolder, String peerUid) {
    return makeStoredFilePath(folder, peerUid);
  }

  @Override
  public File makeReliableStoredFilePathWithFoldersCreated(File folder, String peerUid) {
    return makeStoredFilePath(folder, peerUid);
  }
}
