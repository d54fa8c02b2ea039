package org.crossmodal.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Every path of a run folder, named once: the chain, the trainers and the simulator write through
 * it, the report reads through it. The trainers' and the simulator's own folders are nested records,
 * so {@code train-teacher --out DIR} or {@code simulate --out DIR} lay out DIR as the run lays out
 * its {@code teacher/} or {@code ultrasound/test/}.
 */
public record RunFolder(Path dir) {
  public static final String TEACHER = "teacher", STUDENT = "student", ORACLE = "oracle";
  /** The three models of a run, in the order they are trained and tabulated. */
  public static final List<String> MODELS = List.of(TEACHER, STUDENT, ORACLE);
  /** The held-out acquisition's frames, a part of its own beside the split's. */
  public static final String HELD_OUT = "held-out";
  public static final List<String> ULTRASOUND_PARTS = List.of("train", "validation", "test", HELD_OUT);

  /** The configuration as used. */
  public Path config() {
    return dir.resolve("config.json");
  }

  /** Dice of teacher, student and oracle on test ultrasound, the gap recovered, seeds, versions. */
  public Path metrics() {
    return dir.resolve("metrics.json");
  }

  public Models model(String kind) {
    return new Models(dir.resolve(kind), kind);
  }

  public Models teacher() {
    return model(TEACHER);
  }

  public Models student() {
    return model(STUDENT);
  }

  public Models oracle() {
    return model(ORACLE);
  }

  /** Simulated ultrasound with truth of one part: {@code train}, {@code validation}, {@code test} or {@value #HELD_OUT}. */
  public Simulation ultrasound(String part) {
    return new Simulation(dir.resolve("ultrasound").resolve(part));
  }

  /** A model's predictions on the test ultrasound, as a label image. */
  public Path testLabels(String kind) {
    return dir.resolve("evaluation").resolve(kind + "-test-labels.tif");
  }

  /** A model's predictions on the held-out acquisition's frames, as a label image. */
  public Path heldOutLabels(String kind) {
    return dir.resolve("evaluation").resolve(kind + "-held-out-labels.tif");
  }

  /** A model's predictions on all labelled real ultrasound, as one label image. */
  public Path realUltrasoundLabels(String kind) {
    return dir.resolve("evaluation").resolve(kind + "-real-ultrasound-labels.tif");
  }

  /** One real ultrasound source: the teacher's pseudo-labels and the student's labels. */
  public PseudoLabels realUltrasound(String source) throws IOException {
    return new PseudoLabels(AtomicFiles.under(dir.resolve("real-ultrasound"), source));
  }

  public Path ablation() {
    return dir.resolve("ablation");
  }

  public Path ablationTable() {
    return ablation().resolve("ablation.json");
  }

  /** The study table and previews of the demo. */
  public Path studies() {
    return dir.resolve("studies.json");
  }

  public Path previews() {
    return dir.resolve("previews");
  }

  public Path report() {
    return dir.resolve("report");
  }

  /** A trainer's folder: its model file, its checkpoint while it trains, and (student) each round's pseudo-labels. */
  public record Models(Path dir, String kind) {
    public static Models teacher(Path dir) {
      return new Models(dir, TEACHER);
    }

    public static Models student(Path dir) {
      return new Models(dir, STUDENT);
    }

    public static Models oracle(Path dir) {
      return new Models(dir, ORACLE);
    }

    /** {@code teacher.model.zip} and its kin. */
    public Path model() {
      return dir.resolve(kind + ".model.zip");
    }

    /** This model's predictions on the test ultrasound (an ablation row's, in its own folder). */
    public Path testLabels() {
      return dir.resolve(kind + "-test-labels.tif");
    }

    public Checkpoint checkpoint() {
      return new Checkpoint(dir.resolve("checkpoint"));
    }

    public Path pseudoLabelRounds() {
      return dir.resolve("pseudo-labels");
    }

    public PseudoLabels pseudoLabels(int round) {
      return new PseudoLabels(pseudoLabelRounds().resolve("round-" + round));
    }
  }

  /** A checkpoint: state (epochs, rounds, history, fingerprint), parameter files and the optimiser's moments. */
  public record Checkpoint(Path dir) {
    public Path state() {
      return dir.resolve("state.json");
    }

    /** Parameters of one network of the run ({@code last}, {@code best}, a helper network's name). */
    public Path parameters(String name) {
      return dir.resolve(name + ".params");
    }

    public Path optimizer() {
      return dir.resolve("optimizer.bin");
    }
  }

  /** Simulated frames: DICOM US with its truth as DICOM SEG, the same as TIFF stacks, and the slices and poses. */
  public record Simulation(Path dir) {
    public Path dicomImage() {
      return dir.resolve("synthetic-us.dcm");
    }

    public Path dicomSegmentation() {
      return dir.resolve("synthetic-us-truth-seg.dcm");
    }

    public Path bmode() {
      return dir.resolve("synthetic-us-bmode.tif");
    }

    public Path labels() {
      return dir.resolve("synthetic-us-labels.tif");
    }

    public Path frames() {
      return dir.resolve("synthetic-us-frames.json");
    }
  }

  /** Pseudo-labels at the network's scale: labels (255 = ignored), confidence and entropy, statistics, calibration. */
  public record PseudoLabels(Path dir) {
    public Path labels() {
      return dir.resolve("pseudo-labels.tif");
    }

    public Path confidence() {
      return dir.resolve("confidence.tif");
    }

    public Path stats() {
      return dir.resolve("pseudo-labels.json");
    }

    /** Against the simulator's truth, where it exists. */
    public Path calibration() {
      return dir.resolve("calibration.json");
    }

    /** Real ultrasound only: the student's labels beside the teacher's pseudo-labels. */
    public Path studentLabels() {
      return modelLabels(STUDENT);
    }

    /** Labelled real ultrasound: each model's labels ({@code teacher}, {@code student}, {@code oracle}), as scored. */
    public Path modelLabels(String kind) {
      return dir.resolve(kind + "-labels.tif");
    }
  }
}
