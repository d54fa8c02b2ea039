package org.crossmodal.testutil;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.TrainedFor;
import org.crossmodal.model.UNetConfig;

/** An untrained 2-level U-Net saved as a model file: for tests of plumbing, not of quality. */
public final class TinyModel {
  private TinyModel() {}

  /** On 32×32 inputs, without a record of what it was trained for (as older model files). */
  public static Path save(Path file, double fieldOfViewMm) throws IOException {
    return save(file, 32, fieldOfViewMm, null, -1);
  }

  /**
   * A teacher of {@code size}×{@code size} inputs trained (as it says) for brain MRI; with
   * {@code constantClass} ≥ 0 it answers that class everywhere (its head's weights are zero and the
   * class's bias is large), so a test can see exactly which pixels it was asked about.
   */
  public static Path brainTeacher(Path file, int size, double fieldOfViewMm, int constantClass) throws IOException {
    return save(file, size, fieldOfViewMm, new TrainedFor(List.of(TrainedFor.MR), "brain", List.of("BRAIN", "HEAD"), Map.of())
        .withRange(TrainedFor.MR, 0, 100), constantClass);
  }

  private static Path save(Path file, int size, double fieldOfViewMm, TrainedFor trainedFor, int constantClass) throws IOException {
    ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), size, fieldOfViewMm, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(),
        Map.of(), null, trainedFor);
    try (LoadedModel m = LoadedModel.create(d, 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, size, size));
      if (constantClass >= 0) {
        for (var p : m.net().getParameters()) {
          NDArray a = p.getValue().getArray();
          if (p.getKey().endsWith("head_weight")) a.muli(0);
          if (p.getKey().endsWith("head_bias")) {
            float[] b = new float[3];
            b[constantClass] = 20;
            a.set(b);
          }
        }
      }
      ModelFile.save(file, m.net(), d);
    }
    return file;
  }
}
