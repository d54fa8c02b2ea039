package org.crossmodal.testutil;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;

/** An untrained 2-level U-Net on 32×32 inputs saved as a model file: for tests of plumbing, not of quality. */
public final class TinyModel {
  private TinyModel() {}

  public static Path save(Path file, double fieldOfViewMm) throws IOException {
    ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 32, fieldOfViewMm, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(),
        Map.of(), null);
    try (LoadedModel m = LoadedModel.create(d, 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, 32, 32));
      ModelFile.save(file, m.net(), d);
    }
    return file;
  }
}
