package org.crossmodal.dicom;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.DicomDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds DICOM instances in folders (recursively), zip archives and DICOMDIRs, reads their headers
 * (pixel data checked, not decoded) and groups them into series. Unreadable files become listing
 * rows with an error; nothing stops the scan. Inputs are only read.
 */
public final class StudyScanner {
  private final DicomBackend backend;
  private final ArchiveLimits limits;

  public StudyScanner() {
    this(DicomBackend.standard(), ArchiveLimits.defaults());
  }

  public StudyScanner(DicomBackend backend, ArchiveLimits limits) {
    this.backend = backend;
    this.limits = limits;
  }

  /** Scans the inputs. Close the result to remove the folders that zips were unpacked into. */
  public ScannedStudies scan(List<Path> inputs) {
    List<String> errors = Collections.synchronizedList(new ArrayList<>());
    List<Path> unpacked = new ArrayList<>();
    List<Path> candidates = new ArrayList<>();
    for (Path in : inputs) expand(in, candidates, unpacked, errors);
    List<InstanceHeader> headers = Collections.synchronizedList(new ArrayList<>());
    candidates.parallelStream().forEach(f -> {
      try {
        headers.add(backend.readHeader(f));
      } catch (DicomFileException e) {
        errors.add(e.getMessage());
      }
    });
    List<SeriesInfo> series = new ArrayList<>(SeriesGrouper.group(new ArrayList<>(headers)));
    List<String> sortedErrors = new ArrayList<>(errors);
    Collections.sort(sortedErrors);
    for (String e : sortedErrors) series.add(SeriesInfo.unreadable(e));
    return new ScannedStudies(List.copyOf(series), List.copyOf(unpacked));
  }

  private void expand(Path in, List<Path> out, List<Path> unpacked, List<String> errors) {
    if (!Files.exists(in)) {
      errors.add(in + ": no such file or folder");
    } else if (Files.isDirectory(in)) {
      try (Stream<Path> s = Files.walk(in)) {
        s.filter(Files::isRegularFile).filter(p -> !isDicomDir(p)).sorted().forEach(p -> {
          if (isZip(p)) unzip(p, out, unpacked, errors);
          else out.add(p);
        });
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

  private void unzip(Path zip, List<Path> out, List<Path> unpacked, List<String> errors) {
    try {
      Path dir = Files.createTempDirectory("crossmodal-zip-");
      unpacked.add(dir);
      ZipInput.extract(zip, dir, limits, errors);
      expand(dir, out, unpacked, errors);
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
        Path p = Path.of(name);
        if (Files.isRegularFile(p)) files.add(p);
        else errors.add(dicomdir + ": refers to missing file " + base.relativize(p.toAbsolutePath()));
      }
      Collections.sort(files);
      return files;
    } catch (Exception e) {
      errors.add(dicomdir + ": not a readable DICOMDIR (" + e.getMessage() + ")");
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
