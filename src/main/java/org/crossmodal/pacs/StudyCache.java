package org.crossmodal.pacs;

import com.pixelmed.dicom.Attribute;
import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomInputStream;
import com.pixelmed.dicom.TagFromName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.crossmodal.io.AtomicFiles;

/**
 * Retrieved instances on disk, keyed by UIDs: {@code ROOT/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm}.
 * Files arrive in a hidden staging folder inside the cache (same file system) and are renamed into
 * place only once complete, so a file under its final name is always whole. The cache holds patient
 * data: its folders are owner-only (0700) and its files 0600.
 */
public final class StudyCache {
  private final Path root;

  public StudyCache(Path root) {
    this.root = root.toAbsolutePath();
  }

  public Path root() {
    return root;
  }

  public Path studyFolder(String studyInstanceUid) {
    return root.resolve(InstanceRef.requireUid(studyInstanceUid));
  }

  /** UIDs only ever become names here, and only once checked to be UIDs (digits and dots). */
  public Path pathOf(InstanceRef r) {
    return studyFolder(r.studyInstanceUid()).resolve(InstanceRef.requireUid(r.seriesInstanceUid()))
        .resolve(InstanceRef.requireUid(r.sopInstanceUid()) + ".dcm");
  }

  /** The instances not yet in the cache. */
  public List<InstanceRef> missing(List<InstanceRef> instances) {
    return instances.stream().filter(r -> !Files.isRegularFile(pathOf(r))).toList();
  }

  /** A fresh hidden folder for incoming files; {@link Staging#close} removes it and whatever is left in it. */
  Staging staging() throws IOException {
    AtomicFiles.createDirectories(root);
    return new Staging(Files.createTempDirectory(root, ".incoming-")); // owner-only, like the cache
  }

  /**
   * Moves a complete received file into place by the UIDs in its own header, if it is one of the
   * instances asked for (same study, series and SOP Instance UID); else returns why not, filing nothing.
   */
  String accept(Path received, Map<String, InstanceRef> expected) throws IOException {
    InstanceRef r;
    try {
      r = header(received);
    } catch (PacsException e) {
      return "a received file: " + e.getMessage();
    }
    InstanceRef asked = expected.get(r.sopInstanceUid());
    if (asked == null || !asked.studyInstanceUid().equals(r.studyInstanceUid())
        || !asked.seriesInstanceUid().equals(r.seriesInstanceUid())) {
      return "instance " + r.sopInstanceUid() + " of study " + r.studyInstanceUid() + " (not asked for)";
    }
    Path target = pathOf(r);
    AtomicFiles.createDirectories(target.getParent());
    AtomicFiles.makePrivate(received); // PixelMed wrote it with the default permissions
    try {
      Files.move(received, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(received, target, StandardCopyOption.REPLACE_EXISTING);
    }
    return null;
  }

  /** Writes downloaded bytes into place atomically, after checking they are the instance asked for. */
  void write(InstanceRef expected, byte[] dicom) throws IOException {
    InstanceRef got;
    try (InputStream in = new java.io.ByteArrayInputStream(dicom)) {
      got = header(in, expected.sopInstanceUid());
    }
    if (!got.sopInstanceUid().equals(expected.sopInstanceUid())) {
      throw new PacsException("asked for instance " + expected.sopInstanceUid() + ", received " + got.sopInstanceUid(), true);
    }
    AtomicFiles.write(pathOf(got), dicom);
  }

  private static InstanceRef header(Path file) throws IOException {
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      return header(in, file.getFileName().toString());
    }
  }

  private static InstanceRef header(InputStream in, String name) throws IOException {
    AttributeList l = new AttributeList();
    try {
      l.read(new DicomInputStream(in), TagFromName.PixelData);
    } catch (DicomException | RuntimeException e) {
      throw new PacsException("received " + name + " is not readable as DICOM (" + e.getMessage() + ")", true, e);
    }
    return new InstanceRef(InstanceRef.checkUid(s(l, TagFromName.StudyInstanceUID), "Study Instance UID"),
        InstanceRef.checkUid(s(l, TagFromName.SeriesInstanceUID), "Series Instance UID"),
        InstanceRef.checkUid(s(l, TagFromName.SOPInstanceUID), "SOP Instance UID"), s(l, TagFromName.SOPClassUID));
  }

  private static String s(AttributeList l, com.pixelmed.dicom.AttributeTag t) {
    return Attribute.getSingleStringValueOrEmptyString(l, t).trim();
  }

  /** A hidden staging folder inside the cache. */
  record Staging(Path dir) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      if (!Files.exists(dir)) return;
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
      }
    }
  }
}
