package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomException;
import com.pixelmed.dicom.DicomDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.InputFiles;

/**
 * Finds DICOM instances in folders (recursively), zip archives and DICOMDIRs, reads their headers
 * (pixel data checked, not decoded) and groups them into series. Unreadable files become listing
 * rows with an error; nothing stops the scan. Inputs are only read.
 */
public final class StudyScanner {
  private final DicomBackend backend;
  private final ArchiveLimits limits;
  private final Path unpackRoot;
  private final String unpackPrefix;

  public StudyScanner() {
    this(DicomBackend.standard(), ArchiveLimits.defaults());
  }

  public StudyScanner(DicomBackend backend, ArchiveLimits limits) {
    this(backend, limits, null, "crossmodal-zip-");
  }

  private StudyScanner(DicomBackend backend, ArchiveLimits limits, Path unpackRoot, String unpackPrefix) {
    this.backend = backend;
    this.limits = limits;
    this.unpackRoot = unpackRoot;
    this.unpackPrefix = unpackPrefix;
  }

  /**
   * This scanner, unpacking zips into new owner-only folders {@code root/PREFIX...} instead of the
   * system's temporary folder (for readers on other machines that see {@code root} but not this
   * machine's temporary folder). {@link ScannedStudies#close} removes them as it does temporary ones.
   */
  public StudyScanner unpackingInto(Path root, String prefix) {
    return new StudyScanner(backend, limits, root, prefix);
  }

  /** Scans the inputs. Close the result to remove the folders that zips were unpacked into. */
  public ScannedStudies scan(List<Path> inputs) {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    Map<Path, Path> unpacked = new LinkedHashMap<>();
    List<Path> candidates = new ArrayList<>();
    for (Path in : inputs) expand(in, false, candidates, unpacked, errors);
    List<InstanceHeader> headers = Collections.synchronizedList(new ArrayList<>());
    candidates.parallelStream().forEach(f -> {
      try {
        headers.add(backend.readHeader(f));
      } catch (DicomFileException e) {
        errors.add(e.getMessage());
      }
    });
    List<SeriesInfo> series = new ArrayList<>();
    for (SeriesInfo s : SeriesGrouper.group(new ArrayList<>(headers))) {
      // Instances left out of their series (broken pixel data) are listed with the other unreadable files.
      if (s.seriesInstanceUid() == null) errors.add(s.error());
      else series.add(s.error() == null ? s : s.withError(inArchive(s.error(), unpacked)));
    }
    List<String> sortedErrors = new ArrayList<>();
    for (String e : errors) sortedErrors.add(inArchive(e, unpacked));
    Collections.sort(sortedErrors);
    for (String e : sortedErrors) series.add(SeriesInfo.unreadable(e));
    return new ScannedStudies(List.copyOf(series), List.copyOf(unpacked.keySet()));
  }

  /** Names files unpacked from a zip as ZIP!/ENTRY: the temporary folder means nothing to the user. */
  private static String inArchive(String message, Map<Path, Path> unpacked) {
    for (Map.Entry<Path, Path> u : unpacked.entrySet()) {
      message = message.replace(u.getKey().toString(), u.getValue() + "!");
    }
    return message;
  }

  private void expand(Path in, boolean inArchive, List<Path> out, Map<Path, Path> unpacked, List<String> errors) {
    if (!Files.exists(in)) {
      errors.add(in + ": no such file or folder");
    } else if (Files.isDirectory(in)) {
      try {
        // Links inside the folder are followed only when they stay inside it.
        for (Path p : InputFiles.regularFiles(in, errors::add)) {
          if (isDicomDir(p)) continue;
          if (!isZip(p)) out.add(p);
          // Unpacking archives found in archives would multiply a zip bomb past the limits.
          else if (inArchive) errors.add(p + ": a zip inside a zip is not unpacked (unpack the outer archive first)");
          else unzip(p, out, unpacked, errors);
        }
      } catch (IOException | java.io.UncheckedIOException e) {
        errors.add(in + ": folder cannot be listed (" + e.getMessage() + ")");
      }
    } else if (isDicomDir(in)) {
      out.addAll(referencedFiles(in, errors));
    } else if (isZip(in)) {
      unzip(in, out, unpacked, errors);
    } else {
      out.add(in);
    }
  }

  private void unzip(Path zip, List<Path> out, Map<Path, Path> unpacked, List<String> errors) {
    try {
      Path dir = unpackRoot == null ? Files.createTempDirectory(unpackPrefix) : Files.createTempDirectory(unpackRoot, unpackPrefix);
      unpacked.put(dir, zip);
      ZipInput.extract(zip, dir, limits, errors);
      expand(dir, true, out, unpacked, errors);
    } catch (DicomFileException e) {
      errors.add(e.getMessage());
    } catch (IOException e) {
      errors.add(zip + ": cannot unpack (" + e.getMessage() + ")");
    }
  }

  /** The image files a DICOMDIR points to, resolved against the DICOMDIR's folder. */
  static List<Path> referencedFiles(Path dicomdir, List<String> errors) {
    try {
      AttributeList l = new AttributeList();
      l.read(dicomdir.toFile());
      DicomDirectory dir = new DicomDirectory(l);
      Path base = dicomdir.toAbsolutePath().getParent();
      List<Path> files = new ArrayList<>();
      for (String name : dir.findAllContainedReferencedFileNames(base.toString())) {
        Path p = Path.of(name).toAbsolutePath().normalize();
        // Media indexes refer to files on the same media: never follow one out of its folder, by name or by a link.
        if (!p.startsWith(base.normalize())) errors.add(dicomdir + ": refers to " + name + " outside its folder; refused");
        else if (Files.exists(p) && !InputFiles.inside(p, base)) {
          errors.add(dicomdir + ": refers to " + base.relativize(p) + ", a link leading out of its folder; refused");
        } else if (Files.isRegularFile(p)) files.add(p);
        else errors.add(dicomdir + ": refers to missing file " + base.relativize(p));
      }
      Collections.sort(files);
      return files;
    } catch (DicomException | IOException e) {
      errors.add(dicomdir + ": not a readable DICOMDIR (" + e.getMessage() + ")");
      return List.of();
    } catch (RuntimeException e) {
      errors.add(dicomdir + ": not a readable DICOMDIR (its records' offsets do not point at records)");
      return List.of();
    } catch (StackOverflowError e) {
      errors.add(dicomdir + ": not a readable DICOMDIR (its records nest too deeply or form a loop)");
      return List.of();
    }
  }

  private static boolean isDicomDir(Path p) {
    return p.getFileName().toString().equalsIgnoreCase("DICOMDIR");
  }

  private static boolean isZip(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] m = in.readNBytes(4);
      return m.length == 4 && m[0] == 'P' && m[1] == 'K' && m[2] == 3 && m[3] == 4;
    } catch (IOException e) {
      return false;
    }
  }
}
