package org.crossmodal.inference;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.cluster.Cluster;
import org.crossmodal.config.StudentConfig;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;

/**
 * Pseudo-labels ultrasound a user brings: per source, {@code NAME/pseudo-labels.tif} (255 =
 * ignored), {@code NAME/confidence.tif} (confidence and entropy per frame) and
 * {@code NAME/pseudo-labels.json} (thresholds, kept fractions, class balance), at the network's
 * input scale; {@code pseudo-labels.json} lists them and any inputs that could not be read or labelled.
 * The inputs are listed first (one source per TIFF, NIfTI or DICOM series); the sources are then
 * labelled by one {@link Labeller} here, or on a {@link Cluster} by one per partition.
 */
public final class PseudoLabelJob {
  /** Where a run on a cluster unpacks zips: inside the output folder, which every machine sees; removed at the end. */
  static final String UNPACKED_PREFIX = ".unpacked-";

  private PseudoLabelJob() {}

  public static Map<String, Object> run(Path model, List<Path> inputs, Path outDir, StudentConfig.PseudoLabels c, int threads)
      throws IOException {
    try {
      return run(model, inputs, outDir, c, threads, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** On {@code cluster} when not null (each task uses its own cores as engine threads, not {@code threads}). */
  public static Map<String, Object> run(Path model, List<Path> inputs, Path outDir, StudentConfig.PseudoLabels c, int threads,
      Cluster cluster) throws IOException, InterruptedException {
    c.check();
    AtomicFiles.createDirectories(outDir);
    List<String> errors = new ArrayList<>();
    List<Labelled> labelled = new ArrayList<>();
    Path unpackInto = cluster != null && !cluster.inThisJvm() ? outDir : null;
    try (ImageSources.Listing listing = ImageSources.list(inputs, unpackInto, UNPACKED_PREFIX)) {
      errors.addAll(listing.errors());
      List<Source> sources = new ArrayList<>();
      for (List<Path> files : listing.sources()) {
        sources.add(new Source(sources.size(), files.stream().map(f -> f.toAbsolutePath().toString()).toList()));
      }
      if (cluster == null) {
        try (Labeller l = new Labeller(model, threads, outDir, c)) {
          for (Source s : sources) labelled.add(l.label(s));
        }
      } else if (!sources.isEmpty()) {
        int partitions = Math.min(sources.size(), Math.max(1, cluster.parallelism() * 4));
        cluster.run(sources, partitions, new Task(model.toAbsolutePath().toString(), outDir.toAbsolutePath().toString(),
            Json.MAPPER.writeValueAsString(c)), new Cluster.Sink<>() {
              @Override public void finished(List<Labelled> results) {
                labelled.addAll(results);
              }

              @Override public void failed(List<Source> lost, String reason) {
                for (Source s : lost) labelled.add(new Labelled(s.index(), null, 0, null, List.of(s.describe() + ": not labelled: " + reason)));
              }
            });
      }
    }
    labelled.sort(Comparator.comparingInt(Labelled::index));
    List<Map<String, Object>> done = new ArrayList<>();
    for (Labelled l : labelled) {
      errors.addAll(l.errors());
      if (l.source() == null) continue;
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("source", l.source());
      e.put("frames", l.frames());
      e.put("keptFractionAll", l.keptFractionAll());
      done.add(e);
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", model.getFileName().toString());
    doc.put("settings", c);
    doc.put("results", done);
    doc.put("skipped", errors);
    Json.write(outDir.resolve("pseudo-labels.json"), doc);
    return doc;
  }

  /** One source to label: a TIFF or NIfTI file, or the files of one DICOM series (paths every machine sees). */
  record Source(int index, List<String> paths) implements Serializable {
    String describe() {
      return paths.size() == 1 ? paths.get(0) : paths.get(0) + " (and " + (paths.size() - 1) + " more files of its series)";
    }
  }

  /** What became of one source: its name, frames and kept fraction, or the errors that stopped it. */
  record Labelled(int index, String source, int frames, Object keptFractionAll, List<String> errors) implements Serializable {}

  /** One model, loaded once, labelling sources into one output folder. */
  static final class Labeller implements AutoCloseable {
    private final LoadedModel model;
    private final Path outDir;
    private final StudentConfig.PseudoLabels c;

    Labeller(Path model, int threads, Path outDir, StudentConfig.PseudoLabels c) throws IOException {
      this.model = ModelFile.load(model, threads);
      this.outDir = outDir;
      this.c = c;
    }

    /** Reads the source (again: on a cluster the listing was made elsewhere), labels it, writes its files; never throws. */
    Labelled label(Source s) {
      List<String> errors = new ArrayList<>();
      List<ImageSource> images = new ArrayList<>();
      ImageSources.open(s.paths().stream().map(Path::of).toList(), images::add, errors::add);
      if (images.isEmpty()) return new Labelled(s.index(), null, 0, null, errors.isEmpty() ? List.of(s.describe() + ": no images") : errors);
      ImageSource src = images.get(0);
      try {
        NetworkGeometry network = model.descriptor().geometry();
        List<UltrasoundFrame.Square> sq = UltrasoundFrames.of(src, null).stream().map(f -> f.toNetwork(network)).toList();
        PseudoLabeller.Result r = PseudoLabeller.label(model, model.descriptor().domainFor(true), sq, c);
        PseudoLabelImages.save(r, network, new RunFolder.PseudoLabels(AtomicFiles.under(outDir, src.name())));
        return new Labelled(s.index(), src.name(), sq.size(), r.stats().get("keptFractionAll"), errors);
      } catch (IOException | RuntimeException | OutOfMemoryError e) {
        errors.add(src.name() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        return new Labelled(s.index(), null, 0, null, errors);
      }
    }

    @Override
    public void close() {
      model.close();
    }
  }

  /** What one partition does on a cluster: one {@link Labeller} (one model) over its sources. */
  private record Task(String model, String outDir, String settings) implements Cluster.PartitionTask<Source, Labelled> {
    @Override
    public List<Labelled> run(List<Source> sources, Cluster.TaskSlot slot) throws Exception {
      StudentConfig.PseudoLabels c = Json.MAPPER.readValue(settings, StudentConfig.PseudoLabels.class);
      List<Labelled> out = new ArrayList<>();
      try (Labeller l = new Labeller(Path.of(model), Math.max(1, slot.cores()), Path.of(outDir), c)) {
        for (Source s : sources) out.add(l.label(s));
      }
      return out;
    }
  }
}
