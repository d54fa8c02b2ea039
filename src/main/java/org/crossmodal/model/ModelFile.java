package org.crossmodal.model;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.Json;

/**
 * A model is one zip: {@code descriptor.json} and {@code parameters.bin} (DJL's positional
 * parameter format). Loading checks the descriptor against the parameters and refuses a mismatch.
 */
public final class ModelFile {
  private static final String DESCRIPTOR = "descriptor.json", PARAMETERS = "parameters.bin";

  private ModelFile() {}

  public static void save(Path file, UNet net, ModelDescriptor descriptor) throws IOException {
    ByteArrayOutputStream params = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(params)) {
      net.saveParameters(out);
    }
    byte[] json = Json.MAPPER.writeValueAsBytes(descriptor);
    AtomicFiles.write(file, out -> {
      ZipOutputStream zip = new ZipOutputStream(out);
      zip.putNextEntry(new ZipEntry(DESCRIPTOR));
      zip.write(json);
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(PARAMETERS));
      params.writeTo(zip);
      zip.closeEntry();
      zip.finish();
    });
  }

  public static ModelDescriptor readDescriptor(Path file) throws IOException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry(DESCRIPTOR);
      if (e == null) throw new IOException(file + ": not a CrossModal model (no " + DESCRIPTOR + ")");
      ModelDescriptor d = Json.MAPPER.readValue(zip.getInputStream(e), ModelDescriptor.class);
      check(file, d);
      return d;
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a CrossModal model (not a zip: " + e.getMessage() + ")", e);
    }
  }

  public static LoadedModel load(Path file, int threads) throws IOException {
    ModelDescriptor d = readDescriptor(file);
    byte[] params;
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry(PARAMETERS);
      if (e == null) throw new IOException(file + ": model has no " + PARAMETERS);
      params = zip.getInputStream(e).readAllBytes();
    }
    LoadedModel m = LoadedModel.create(d, threads);
    try {
      initialise(m.net(), m.model(), d.inputSize());
      List<Shape> expected = shapes(m.net());
      m.net().loadParameters(m.model().getNDManager(), new DataInputStream(new ByteArrayInputStream(params)));
      // DJL takes the stored shapes as they are; a descriptor that lies about the network shows here.
      if (!expected.equals(shapes(m.net()))) throw new MalformedModelException("parameter shapes differ");
      return m;
    } catch (MalformedModelException | RuntimeException | IOException e) {
      m.close();
      throw new IOException(file + ": parameters do not match the descriptor's architecture " + d.architecture()
          + " (" + e.getMessage() + ")", e);
    }
  }

  private static List<Shape> shapes(UNet net) {
    return net.getParameters().values().stream().map(prm -> prm.getArray().getShape()).toList();
  }

  /** Shapes the network's parameters for a batch of single-channel square images. */
  public static void initialise(UNet net, Model model, int size) {
    net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, net.config().inChannels(), size, size));
  }

  private static void check(Path file, ModelDescriptor d) throws IOException {
    if (d.format() != ModelDescriptor.FORMAT) {
      throw new IOException(file + ": model format " + d.format() + " is not supported (expected " + ModelDescriptor.FORMAT + ")");
    }
    if (d.architecture() == null || d.classes() == null || d.classes().size() != d.architecture().classes()) {
      throw new IOException(file + ": descriptor lists " + (d.classes() == null ? 0 : d.classes().size())
          + " classes but the network has " + (d.architecture() == null ? "no architecture" : d.architecture().classes() + " outputs"));
    }
    int factor = 1 << d.architecture().depth();
    if (d.inputSize() < factor || d.inputSize() % factor != 0) {
      throw new IOException(file + ": input size " + d.inputSize() + " is not a multiple of 2^depth = " + factor);
    }
  }
}
