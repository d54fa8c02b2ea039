package org.crossmodal.evaluation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.Json;

/**
 * A run's {@code metrics.json}: Dice of teacher, student and oracle on test ultrasound (and on the
 * held-out acquisition), the share of the gap the student recovered with its bootstrap interval, the
 * teacher on MRI slices and on MRI probe views, and what the report shows beside them.
 * The field names are the file's; the run writes it and the report reads it through this record.
 * Pseudo-label rounds, model selection, the ablation and real ultrasound are kept as the JSON the
 * trainers and stages produced.
 */
public record RunMetrics(ClassDice teacherOnUltrasound, ClassDice student, ClassDice oracle, double gapRecovered,
    GapInterval gapRecoveredInterval, int testFrames, List<Integer> testSlices, @JsonInclude(JsonInclude.Include.NON_NULL) HeldOut heldOut,
    String adaptation, JsonNode pseudoLabels, JsonNode modelSelection, ClassDice teacherOnMri, ClassDice teacherOnMriViews,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode ablation, JsonNode realUltrasound,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode realUltrasoundScored, Seeds seeds, Map<String, String> versions) {

  /**
   * The same three models on frames of an acquisition nothing was trained or tuned on (another probe
   * and other physics), and the gap recovered there.
   */
  public record HeldOut(int frames, String acquisition, ClassDice teacherOnUltrasound, ClassDice student, ClassDice oracle,
      double gapRecovered) {}

  /** The seeds that fix a run (the simulation's validation and test parts use seed + 1 and + 2). */
  public record Seeds(long teacher, long simulation, long student) {}

  public void write(Path file) throws IOException {
    Json.write(file, this);
  }

  /** The metrics of a run folder, or null before its evaluation has finished. */
  public static RunMetrics read(Path file) throws IOException {
    return Files.isRegularFile(file) ? Json.MAPPER.readValue(file.toFile(), RunMetrics.class) : null;
  }
}
