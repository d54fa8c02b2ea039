package org.crossmodal.io;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one gate for values from input files that become parts of output file names. A DICOM file is
 * input we do not control: its Modality or Series Instance UID may hold "/", "..", or an absolute
 * path. A value that is what the standard says it is passes unchanged; anything else is replaced by
 * a name derived from its hash, so distinct values still get distinct names.
 */
public final class SafeNames {
  private static final Pattern UID = Pattern.compile("[0-9]+(\\.[0-9]+)*");
  private static final Pattern MODALITY = Pattern.compile("[A-Z0-9]{1,16}");
  private static final Pattern PART = Pattern.compile("(_[a-z0-9]{1,24}){0,4}");

  private SafeNames() {}

  /** A DICOM UID (digits and dots, at most 64 characters) as it is, else {@code x} and 16 hex digits of its SHA-256. */
  public static String uid(String value) {
    if (value != null && value.length() <= 64 && UID.matcher(value).matches()) return value;
    return "x" + hash(value);
  }

  /** A DICOM Modality (code string of upper-case letters and digits) as it is, else {@code OT} (other). */
  public static String modality(String value) {
    String v = value == null ? "" : value.trim();
    return MODALITY.matcher(v).matches() ? v : "OT";
  }

  /** The suffix of a part of a split series ("_256x256_axial"; "" for a whole series) as it is, else its hash. */
  public static String partSuffix(String value) {
    if (value != null && PART.matcher(value).matches()) return value;
    return "_x" + hash(value);
  }

  private static String hash(String value) {
    return Hashes.sha256(String.valueOf(value).getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
