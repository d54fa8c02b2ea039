package org.crossmodal.model;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path tmp;

  static ModelDescriptor descriptor() {
    return new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 32, 0, ModelDescriptor.NORMALISATION,
        Map.of("files", Map.of("ch2.nii.gz", "abc")), 3, Map.of(), Map.of("testDice", Map.of("brain", 0.9)), null);
  }

  static byte[] params(UNet net) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (DataOutputStream o = new DataOutputStream(b)) {
      net.saveParameters(o);
    }
    return b.toByteArray();
  }

  @Test
  void roundTripIsBitIdenticalAndPredictsTheSame() throws Exception {
    Path file = tmp.resolve("m.zip");
    float[] image = new float[40 * 50];
    for (int i = 0; i < image.length; i++) image[i] = (float) Math.sin(i * 0.01) * 100;
    Segmenter.Prediction before;
    byte[] saved;
    try (LoadedModel m = LoadedModel.create(descriptor(), 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, 32, 32));
      ModelFile.save(file, m.net(), m.descriptor());
      saved = params(m.net());
      before = new Segmenter(m, 4).predict(image, 40, 50, Segmenter.Options.plain());
    }
    try (LoadedModel m = ModelFile.load(file, 2)) {
      assertArrayEquals(saved, params(m.net()));
      assertEquals(descriptor(), m.descriptor());
      Segmenter.Prediction after = new Segmenter(m, 4).predict(image, 40, 50, Segmenter.Options.plain());
      assertEquals(40, after.width());
      assertEquals(50 * 40, after.labels().length);
      for (int c = 0; c < 3; c++) assertArrayEquals(before.probabilities()[c], after.probabilities()[c]);
    }
  }

  @Test
  void mismatchedDescriptorIsRefusedClearly() throws Exception {
    Path file = tmp.resolve("m.zip");
    try (LoadedModel m = LoadedModel.create(descriptor(), 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, 32, 32));
      ModelFile.save(file, m.net(), m.descriptor());
    }
    Path wider = tmp.resolve("wider.zip");
    Files.copy(file, wider);
    rewriteDescriptor(wider, "\"baseChannels\" : 16", "\"baseChannels\" : 32");
    var e = assertThrows(java.io.IOException.class, () -> ModelFile.load(wider, 2));
    assertTrue(e.getMessage().startsWith(wider + ": parameters do not match"), e.getMessage());

    Path moreClasses = tmp.resolve("classes.zip");
    Files.copy(file, moreClasses);
    rewriteDescriptor(moreClasses, "\"deep_grey\"", "\"deep_grey\", \"vessels\"");
    e = assertThrows(java.io.IOException.class, () -> ModelFile.load(moreClasses, 2));
    assertTrue(e.getMessage().contains("4 classes but the network has 3 outputs"), e.getMessage());

    Path notModel = tmp.resolve("x.zip");
    Files.writeString(notModel, "hello");
    e = assertThrows(java.io.IOException.class, () -> ModelFile.load(notModel, 2));
    assertTrue(e.getMessage().contains("not a CrossModal model"), e.getMessage());
  }

  private static void rewriteDescriptor(Path zip, String from, String to) throws Exception {
    try (FileSystem fs = FileSystems.newFileSystem(URI.create("jar:" + zip.toUri()), Map.of())) {
      Path d = fs.getPath("descriptor.json");
      String json = Files.readString(d);
      assertTrue(json.contains(from), json);
      Files.writeString(d, json.replace(from, to));
    }
  }
}
