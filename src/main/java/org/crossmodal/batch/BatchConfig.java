package org.crossmodal.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.crossmodal.dicom.Deidentifier;
import org.crossmodal.dicom.ResourceLimits;

/** What a batch segments, with which model, into which folder, and how (the one object that flows through). */
public final class BatchConfig {
  public Path model;
  public List<Path> inputs = new ArrayList<>();
  public Path out;
  /** Modalities whose series are segmented; MR too only when asked. */
  public Set<String> modalities = Set.of("US");
  /** FRACTIONAL SEG (probabilities) instead of BINARY (labels). */
  public boolean fractional = false;
  /** A Secondary Capture series with the labels drawn over the images, for viewers without SEG. */
  public boolean overlay = true;
  /** Research export: de-identified SEG, overlay and source copies (docs/batch.md). */
  public boolean deidentify = false;
  /** What the de-identified export keeps beyond the Basic Profile (nothing by default). */
  public Deidentifier.Options deidentifyOptions = Deidentifier.Options.basic();
  /** The de-identification key: a file of its own outside {@link #out}, created 0600 if missing ({@link KeyFile}). */
  public Path keyFile;
  /** Studies in flight at once: decoding and writing overlap; inference takes turns on one model. */
  public int workers = 2;
  /** Engine threads for inference. */
  public int threads = 2;
  /** Images per inference batch. */
  public int batchSize = 8;
  /**
   * Memory the studies in flight may hold together; a study that needs more fails with this reason.
   * Default: the ingest's memory budget ({@code --memory-budget}, ¾ of the Java heap).
   */
  public long memoryBudgetMb = ResourceLimits.current().memoryBudgetBytes() >> 20;

  /** Everything that changes the outputs: a study done under other settings is done again. */
  String outputSettings(String modelSha256) {
    return String.format(Locale.ROOT, "model=%s modalities=%s %s overlay=%b deidentify=%s", modelSha256,
        String.join(",", new TreeSet<>(modalities)), fractional ? "FRACTIONAL" : "BINARY", overlay,
        deidentify ? deidentifyOptions.describe() : "false");
  }
}
