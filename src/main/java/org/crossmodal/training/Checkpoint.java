package org.crossmodal.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;

/**
 * The checkpoint all three trainers resume from: {@code state.json} (how far the run got, its best
 * so far, history, the fingerprint of its configuration and data), one {@code NAME.params} per
 * network ({@link #LAST}, {@link #BEST}, and the student's helper networks) and the optimiser's
 * state, each written atomically and the state last, so a kill at any moment leaves a consistent
 * checkpoint.
 */
public final class Checkpoint {
  /** Parameters after the last completed epoch (or round) and of the best one so far. */
  public static final String LAST = "last", BEST = "best";
  /** The student's domain classifier and mean teacher. */
  public static final String CLASSIFIER = "classifier", MEAN_TEACHER = "mean-teacher";
  /** The teacher's moving average of its weights. */
  public static final String AVERAGE = "average";
  private static final List<String> NETWORKS = List.of(LAST, BEST, CLASSIFIER, MEAN_TEACHER, AVERAGE);

  /** How far a run got. Teacher and oracle count epochs; the student counts rounds too (the warm-up is round 0). */
  public static final class State {
    public String fingerprint;
    public int completedEpochs;
    public int completedRounds;
    /** The epoch kept so far (0: before training, −1: none yet), its score, and epochs since (early stopping). */
    public int bestEpoch = -1;
    public double bestScore = Double.NEGATIVE_INFINITY;
    public int epochsSinceBest;
    public List<Map<String, Object>> history = new ArrayList<>();
    /** The student's statistics of each round's pseudo-labels. */
    public List<Map<String, Object>> pseudoLabels = new ArrayList<>();
  }

  private final RunFolder.Checkpoint files;

  public Checkpoint(RunFolder.Checkpoint files) {
    this.files = files;
  }

  /** The saved state if it belongs to the same configuration and data, else null (a fresh run). */
  public State load(String fingerprint) throws IOException {
    if (!Files.exists(files.state())) return null;
    State s = Json.MAPPER.readValue(files.state().toFile(), State.class);
    return fingerprint.equals(s.fingerprint) ? s : null;
  }

  /** Removes what a kill during a write left in the trainer's folder {@code outDir} (the checkpoint's included). */
  public void removeLeftovers(Path outDir) throws IOException {
    AtomicFiles.removeLeftovers(outDir);
    if (!files.dir().toAbsolutePath().startsWith(outDir.toAbsolutePath())) AtomicFiles.removeLeftovers(files.dir());
  }

  /** Writes the networks' parameters (by name), the optimiser's state, then the state. */
  public void save(State s, Map<String, byte[]> parameters, byte[] optimizer) throws IOException {
    for (var p : parameters.entrySet()) AtomicFiles.write(files.parameters(p.getKey()), p.getValue());
    AtomicFiles.write(files.optimizer(), optimizer);
    Json.write(files.state(), s);
  }

  /** The saved parameters of one network, as {@link #parameters} gives them. */
  public byte[] read(String name) throws IOException {
    return Files.readAllBytes(files.parameters(name));
  }

  public byte[] optimizer() throws IOException {
    return Files.readAllBytes(files.optimizer());
  }

  /**
   * Removes the checkpoint's files and then its folder, unless the folder holds files the checkpoint
   * did not write: those are left alone (false), since the model is already saved.
   */
  public boolean delete() throws IOException {
    Files.deleteIfExists(files.state());
    Files.deleteIfExists(files.optimizer());
    for (String n : NETWORKS) Files.deleteIfExists(files.parameters(n));
    try {
      Files.deleteIfExists(files.dir());
      return true;
    } catch (DirectoryNotEmptyException foreign) {
      return false;
    }
  }

  public Path dir() {
    return files.dir();
  }

  /** A network's parameters in DJL's positional format. */
  public static byte[] parameters(Block net) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      net.saveParameters(out);
    }
    return b.toByteArray();
  }

  /** Loads parameters into {@code net}; trainable ones get their gradients attached again (loaded arrays are new). */
  public static void load(Block net, NDManager manager, byte[] parameters) throws IOException {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
      net.loadParameters(manager, in);
    } catch (MalformedModelException e) {
      throw new IOException("checkpoint parameters do not fit the network (" + e.getMessage() + ")", e);
    }
    for (var p : net.getParameters()) {
      if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
    }
  }
}
