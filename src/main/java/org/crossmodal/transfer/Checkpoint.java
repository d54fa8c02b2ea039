package org.crossmodal.transfer;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
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

/**
 * Per-epoch checkpoint of a training run: {@code state.json} (epoch reached, best epoch, history,
 * the configuration's fingerprint), {@code last.params}, {@code best.params} and the optimiser's
 * state {@code optimizer.bin}, each written atomically, state last, so a kill at any moment leaves
 * a consistent checkpoint.
 */
public final class Checkpoint {
  public static final class State {
    public String configFingerprint;
    public int completedEpochs;
    public int bestEpoch = -1;
    public double bestScore = Double.NEGATIVE_INFINITY;
    public int epochsSinceBest;
    public List<Map<String, Object>> history = new ArrayList<>();
  }

  private static final String OPTIMIZER = "optimizer.bin";
  private final Path dir;

  public Checkpoint(Path dir) {
    this.dir = dir;
  }

  /** The saved state if it belongs to the same configuration, else null (a fresh run). */
  public State load(String fingerprint) throws IOException {
    Path f = dir.resolve("state.json");
    if (!Files.exists(f)) return null;
    State s = Json.MAPPER.readValue(f.toFile(), State.class);
    return fingerprint.equals(s.configFingerprint) ? s : null;
  }

  /** Removes what a kill during a write left in the run's folder {@code outDir} (the checkpoint's included). */
  public void removeLeftovers(Path outDir) throws IOException {
    AtomicFiles.removeLeftovers(outDir);
    if (!dir.toAbsolutePath().startsWith(outDir.toAbsolutePath())) AtomicFiles.removeLeftovers(dir);
  }

  public void save(State s, Block net, boolean best, byte[] optimizer) throws IOException {
    byte[] params = parameters(net);
    AtomicFiles.write(dir.resolve("last.params"), params);
    if (best) AtomicFiles.write(dir.resolve("best.params"), params);
    AtomicFiles.write(dir.resolve(OPTIMIZER), optimizer);
    Json.write(dir.resolve("state.json"), s);
  }

  public void restore(Block net, NDManager manager, String which) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(dir.resolve(which + ".params")))) {
      net.loadParameters(manager, in);
      attachGradients(net);
    } catch (MalformedModelException e) {
      throw new IOException(dir + ": checkpoint " + which + " does not fit the network (" + e.getMessage() + ")", e);
    }
  }

  /** The optimiser's state saved with the last epoch, or null for a checkpoint made before it was saved. */
  public byte[] optimizer() throws IOException {
    Path f = dir.resolve(OPTIMIZER);
    return Files.exists(f) ? Files.readAllBytes(f) : null;
  }

  /** Loaded arrays are new arrays: trainable parameters need their gradients attached again. */
  static void attachGradients(Block net) {
    for (var p : net.getParameters()) {
      if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
    }
  }

  /**
   * Removes the checkpoint's files and then its folder, unless the folder holds files the checkpoint
   * did not write: those are left alone (false), since the model is already saved.
   */
  public boolean delete() throws IOException {
    for (String f : List.of("state.json", "last.params", "best.params", OPTIMIZER)) Files.deleteIfExists(dir.resolve(f));
    return removeIfEmpty(dir);
  }

  /** Removes a checkpoint folder whose own files are gone; false (and the folder kept) if it holds someone else's. */
  static boolean removeIfEmpty(Path dir) throws IOException {
    try {
      Files.deleteIfExists(dir);
      return true;
    } catch (DirectoryNotEmptyException foreign) {
      return false;
    }
  }

  public Path dir() {
    return dir;
  }

  static byte[] parameters(Block net) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(b)) {
      net.saveParameters(out);
    }
    return b.toByteArray();
  }
}
