package org.crossmodal.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.io.Json;
import org.crossmodal.simulate.SimulatedFrames;

/**
 * The whole chain's configuration (YAML or JSON; every field has the demo's default): teacher,
 * ultrasound (simulated from the teacher's own slice split, plus real images without truth),
 * student, oracle, and whether to run the ablation over the adaptation layers.
 */
public final class TransferConfig {
  /** The demo's real ultrasound, a cardiac echo (octave-dicom). */
  public static final String DEMO_ECHO = "octave-dicom/US-PAL-8-10x-echo.dcm";

  public TeacherConfig teacher = new TeacherConfig();
  public Simulation simulation = new Simulation();
  /**
   * Real ultrasound (DICOM files, folders, zips, DICOMDIRs, images; paths relative to the data set or
   * absolute): pseudo-labelled and segmented; unlabelled sources also train the student ({@code
   * student.target.real}); sources with labels beside them are scored instead.
   */
  public List<String> ultrasound = new ArrayList<>();
  public StudentConfig student = new StudentConfig();
  public Oracle oracle = new Oracle();
  public Evaluation evaluation = new Evaluation();
  /** Also train one student per adaptation variant and tabulate them (slow: one student each). */
  public boolean ablation = false;
  /** Student seeds of every ablation variant: variants are compared over these, paired by seed. */
  public List<Long> ablationSeeds = new ArrayList<>(List.of(42L, 1L, 2L));
  /** oneDNN's ISA and precision (docs/engine.md); empty: decided automatically, --isa/--precision win. */
  public EngineSettings engine = new EngineSettings();

  /**
   * The one reader of configuration files (YAML or JSON by extension): a whole run's, or a teacher's
   * alone (sections {@code data}, {@code network}, {@code training}), which becomes the teacher
   * section, so one file can serve every command. Omitted fields keep the defaults of {@code run};
   * an unknown field, or a setting that would only fail hours later, is refused with the file's name.
   */
  public static TransferConfig read(Path file) throws IOException {
    return read(file, new TransferConfig());
  }

  /**
   * As {@link #read(Path)}, over other defaults (the demo's): sections merge field by field, so
   * {@code teacher: {training: {seed: 1}}} changes the seed and nothing else; a list or a value in
   * the file replaces the default's.
   */
  public static TransferConfig read(Path file, TransferConfig defaults) throws IOException {
    JsonNode tree = Json.tree(file);
    if (!tree.has("teacher") && (tree.has("data") || tree.has("network") || tree.has("training"))) {
      tree = Json.MAPPER.createObjectNode().set("teacher", tree);
    }
    TransferConfig c = Json.over(Json.MAPPER.valueToTree(defaults), tree, TransferConfig.class, file);
    try {
      c.check();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
    return c;
  }

  /** Refuses settings that would only fail later, after hours of training; {@code engine.deterministic} sets every thread count to one. */
  public void check() {
    teacher.data.check();
    student.check();
    if (!student.target.simulated && (!student.target.real || ultrasound.isEmpty())) {
      throw new IllegalArgumentException("student.target.simulated is false and no real ultrasound is configured (ultrasound:, with "
          + "student.target.real): the student would have nothing to adapt to");
    }
    if (engine != null && engine.deterministic) {
      teacher.training.threads = 1;
      student.threads = 1;
      oracle.threads = 1;
      evaluation.threads = 1;
    }
  }

  /**
   * Simulated ultrasound with truth, drawn from the slices of the teacher's split: training frames
   * come from training slices, validation from validation slices, test from test slices, so no
   * evaluated anatomy was seen in training.
   */
  public static final class Simulation {
    public int trainFrames = 160;
    public int validationFrames = 40;
    /**
     * Test frames, spread evenly over the test slices that hold deep grey nuclei (every such slice
     * equally often), so no single level decides the figures.
     */
    public int testFrames = 400;
    /**
     * Frames of the held-out check ({@code SimulatedFrames.Acquisition.HELD_OUT}: another probe and
     * other physics that nothing is trained or tuned on), from the same test slices; 0: none.
     */
    public int heldOutFrames = 120;
    /** Each frame's physics (tissue echoes, attenuation, TGC, bandwidth, focus, beam width, scatterers) drawn from wide ranges; false: the simulator's fixed defaults. */
    public boolean randomPhysics = true;
    public long seed = 7;

    public SimulatedFrames.Acquisition acquisition() {
      return randomPhysics ? SimulatedFrames.Acquisition.RANDOMISED : SimulatedFrames.Acquisition.FIXED;
    }
  }

  /** The supervised upper bound of the comparison: the teacher fine-tuned on the ultrasound truth. */
  public static final class Oracle {
    /**
     * 40 (12 before 2026-11-30), long enough to stop improving (24 epochs: 0.733 mean foreground,
     * 40: 0.746). Against oracles of 8, 16, 24 and 40 epochs the same student recovered 71.7, 68.4,
     * 49.9 and 48.4 % of the gap: a short oracle overstates the gap recovered (docs/experiments/2026-11-30-converged-oracle.md).
     */
    public int epochs = 40;
    public int batchSize = 16;
    public double learningRate = 5e-4;
    public long seed = 42;
    public int threads = 2;
  }

  /** Scoring the three models on the test ultrasound, and segmenting the real ultrasound. */
  public static final class Evaluation {
    public int threads = 2;
  }

  /**
   * Demo defaults: sized to finish within 10 minutes on 2 cores: 50 teacher epochs (a third of the
   * full run's 150; 100 fit too, but cost 2.5 minutes for a better teacher and the same student,
   * docs/transfer.md) and an oracle of 16 epochs in batches of 8 (48 of 8 scored no higher; the full
   * run's 40 of 16 did: 0.603 against 0.579 from one teacher, so the demo's gap reads high).
   */
  public static TransferConfig demo() {
    TransferConfig c = new TransferConfig();
    // The data set's only real ultrasound is a cardiac echo: shown going through pseudo-labelling and
    // the student, but a brain student has nothing to learn from a heart.
    c.ultrasound = new ArrayList<>(List.of(DEMO_ECHO));
    c.student.target.real = false;
    // 50 epochs of 8 fit in ten minutes since training runs in bf16 where the CPU has bf16 units (docs/engine.md).
    c.teacher.training.epochs = 50;
    c.oracle.epochs = 16;
    c.oracle.batchSize = 8;
    return c;
  }
}
