package org.crossmodal.pacs;

import java.util.regex.Pattern;

/** One instance on the PACS, by its UIDs: the key of the local cache. */
public record InstanceRef(String studyInstanceUid, String seriesInstanceUid, String sopInstanceUid, String sopClassUid) {
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");

  /** UIDs become file names in the cache: anything but digits and dots (e.g. "../") is refused. */
  public static String checkUid(String uid, String what) throws PacsException {
    if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
      throw new PacsException(what + " '" + uid + "' is not a valid DICOM UID", false);
    }
    return uid;
  }

  /** The same check where a bad UID is a bug, not a peer's answer: it never reaches a path. */
  static String requireUid(String uid) {
    if (uid == null || uid.length() > 64 || !UID.matcher(uid).matches()) {
      throw new IllegalArgumentException("'" + uid + "' is not a valid DICOM UID; it is not used as a file name");
    }
    return uid;
  }
}
