package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.crossmodal.batch.BatchConfig;
import org.crossmodal.batch.BatchJob;
import org.crossmodal.batch.BatchListener;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.batch.StudyOutcome;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.io.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "batch", description = "Segment every ultrasound (or, with --modalities, MR) series in folders, zips and "
    + "DICOMDIRs: per series a DICOM SEG and a Secondary Capture overlay, per study a status file; a re-run skips what is "
    + "done and retries what failed.")
final class BatchCommand implements Callable<Integer> {
  @Mixin ModelJobOptions job;

  @Mixin SparkOption spark;

  @Parameters(arity = "1..*", paramLabel = "INPUT")
  List<Path> inputs;

  @Option(names = "--modalities", split = ",", defaultValue = "US", description = "modalities to segment (default: ${DEFAULT-VALUE}; e.g. US,MR)")
  List<String> modalities;

  @Option(names = "--fractional", description = "FRACTIONAL SEG (class probabilities) instead of BINARY")
  boolean fractional;

  @Option(names = "--no-overlay", description = "no Secondary Capture with the labels drawn over the images")
  boolean noOverlay;

  @Option(names = "--deidentify", description = "research export: de-identified SEG, overlay and source copies (docs/batch.md)")
  boolean deidentify;

  @Option(names = "--key-file", paramLabel = "PATH", description = "with --deidentify: the key behind the pseudonyms, "
      + "a file outside --out (created owner-only if missing; the same key gives the same pseudonyms; keep it at the hospital)")
  Path keyFile;

  @Option(names = "--keep-descriptions", description = "with --deidentify: keep Study/Series Description, Protocol Name and "
      + "other descriptors as they are (not cleaned: check them yourself)")
  boolean keepDescriptions;

  @Option(names = "--keep-device-identity", description = "with --deidentify: keep Station Name, Device Serial Number and the like")
  boolean keepDeviceIdentity;

  @Option(names = "--keep-institution-identity", description = "with --deidentify: keep Institution Name, Address and Department")
  boolean keepInstitutionIdentity;

  @Option(names = "--keep-patient-characteristics", description = "with --deidentify: keep the patient's sex, age, size and weight")
  boolean keepPatientCharacteristics;

  @Option(names = "--workers", defaultValue = "2", description = "studies in flight at once (default: ${DEFAULT-VALUE})")
  int workers;

  @Option(names = {"-q", "--quiet"}, description = "no progress bar and no table; the exit code tells")
  boolean quiet;

  @Option(names = "--json", description = "one JSON object per study on stdout, then the summary")
  boolean json;

  @Override
  public Integer call() throws Exception {
    BatchConfig c = new BatchConfig();
    c.model = job.model;
    c.inputs = inputs;
    c.out = job.out;
    Set<String> m = new LinkedHashSet<>();
    for (String s : modalities) m.add(s.trim().toUpperCase(Locale.ROOT));
    c.modalities = m;
    c.fractional = fractional;
    c.overlay = !noOverlay;
    c.deidentify = deidentify;
    if (!deidentify && (keyFile != null || keepDescriptions || keepDeviceIdentity || keepInstitutionIdentity || keepPatientCharacteristics)) {
      throw new IllegalArgumentException("--key-file and --keep-... are only used with --deidentify");
    }
    c.keyFile = keyFile;
    c.deidentifyOptions = new org.crossmodal.dicom.Deidentifier.Options(keepDescriptions, keepDeviceIdentity,
        keepInstitutionIdentity, keepPatientCharacteristics);
    c.workers = workers;
    c.threads = job.threads;
    try (Display display = new Display(); Cluster cluster = spark.connect("CrossModal Transfer batch")) {
      BatchSummary summary = BatchJob.run(c, display, cluster);
      display.close();
      if (json) System.out.println(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(new Totals(summary)));
      else if (!quiet) table(summary);
      return summary.failed() > 0 ? 1 : 0;
    }
  }

  /** The summary line of --json: counts, without the rows already printed. */
  record Totals(String summary, int done, int skipped, int failed, double seconds) {
    Totals(BatchSummary s) {
      this("batch", s.done(), s.skipped(), s.failed(), s.seconds());
    }
  }

  private void table(BatchSummary s) {
    System.out.printf(Locale.ROOT, "%d done, %d skipped, %d failed in %.1f s; results and status files in %s (%s)%n",
        s.done(), s.skipped(), s.failed(), s.seconds(), job.out, BatchSummary.FILE);
    for (StudyOutcome o : s.studies()) {
      if (!o.outcome().equals(StudyOutcome.DONE)) {
        System.out.printf("  %-7s %s: %s%n", o.outcome(), o.study() == null ? "(no study)" : o.study(), o.reason());
      }
    }
  }

  /** A progress bar with counts, rate and ETA on stderr, or JSON lines on stdout, or nothing. */
  private final class Display implements BatchListener, AutoCloseable {
    private ProgressBar bar;

    @Override
    public void started(int studies, int unreadableFiles) {
      if (quiet || json) return;
      System.err.printf("%d studies to process, %d unreadable files%n", studies, unreadableFiles);
      bar = new ProgressBarBuilder().setTaskName("batch").setInitialMax(studies + unreadableFiles)
          .setStyle(ProgressBarStyle.ASCII).setUnit(" studies", 1).showSpeed().setUpdateIntervalMillis(500)
          .continuousUpdate().build();
    }

    @Override
    public void finished(StudyOutcome o) {
      if (json) {
        try {
          System.out.println(Json.MAPPER.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(o));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
      } else if (bar != null) {
        bar.step();
        bar.setExtraMessage(o.outcome() + (o.study() == null ? "" : " " + o.study()));
      }
    }

    @Override
    public void close() {
      if (bar != null) bar.close();
      bar = null;
    }
  }
}
