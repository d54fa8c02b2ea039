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
    ModelPath.requireFile(file);
    try (ZipFile zip = new ZipFile(file.toFile())) {
      ZipEntry e = zip.getEntry(DESCRIPTOR);
      if (e == null) throw new IOException(file + ": not a CrossModal model (no " + DESCRIPTOR + ")");
      byte[] json = readAtMost(zip, e, MAX_DESCRIPTOR_BYTES, file);
      if (json == null) throw new IOException(file + ": " + DESCRIPTOR + " is larger than " + MAX_DESCRIPTOR_BYTES + " bytes; refused");
      ModelDescriptor d;
      try {
        d = Json.MAPPER.readValue(json, ModelDescriptor.class);
      } catch (com.fasterxml.jackson.core.JacksonException ex) {
        throw new IOException(file + ": " + DESCRIPTOR + " is not a model descriptor (" + ex.getOriginalMessage() + ")", ex);
      }
      check(file, d);
      return d;
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": not a CrossModal model (not a zip: " + e.getMessage() + ")", e);
    }
  }

  /**
   * Loads a model. A model file is input like any other: the descriptor's network sizes are bounded
   * before anything is built ({@link #check}); {@code parameters.bin} is read up to the size the
   * described network needs and no further, and its layout (every name, type, shape and length) must
   * be the one that network writes, before DJL, which allocates what the file declares, sees it.
   */
  public static LoadedModel load(Path file, int threads) throws IOException {
    ModelDescriptor d = readDescriptor(file);
    LoadedModel m = LoadedModel.create(d, threads);
    try {
      initialise(m.net(), m.model(), d.inputSize());
      List<Shape> expected = shapes(m.net());
      Layout layout = Layout.of(m.net(), d.inputSize());
      byte[] params;
      try (ZipFile zip = new ZipFile(file.toFile())) {
        ZipEntry e = zip.getEntry(PARAMETERS);
        if (e == null) throw new IOException(file + ": model has no " + PARAMETERS);
        params = readAtMost(zip, e, layout.size(), file);
      }
      if (params == null) {
        throw new IOException(file + ": " + PARAMETERS + " holds more than the " + layout.size()
            + " bytes the descriptor's architecture needs; refused");
      }
      String why = layout.mismatch(params);
      if (why != null) throw new MalformedModelException(PARAMETERS + " is not laid out as the architecture needs: " + why);
      m.net().loadParameters(m.model().getNDManager(), new DataInputStream(new ByteArrayInputStream(params)));
      // DJL takes the stored shapes as they are; a descriptor that lies about the network shows here.
      if (!expected.equals(shapes(m.net()))) throw new MalformedModelException("parameter shapes differ");
      return m;
    } catch (MalformedModelException | RuntimeException e) {
      m.close();
      throw new IOException(file + ": parameters do not match the descriptor's architecture " + d.architecture()
          + " (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      m.close();
      if (e.getMessage() != null && e.getMessage().startsWith(file.toString())) throw e;
      throw new IOException(file + ": parameters do not match the descriptor's architecture " + d.architecture()
          + " (" + e.getMessage() + ")", e);
    } catch (OutOfMemoryError e) {
      m.close();
      throw new IOException(file + ": not enough memory to load the model (" + e.getMessage() + ")", e);
    }
  }

  /** The whole entry if it unpacks to at most {@code limit} bytes (counted, not as declared), else null. */
  private static byte[] readAtMost(ZipFile zip, ZipEntry e, long limit, Path file) throws IOException {
    try (var in = zip.getInputStream(e)) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
      return b.length > limit ? null : b;
    } catch (java.util.zip.ZipException ex) {
      throw new IOException(file + ": " + e.getName() + " cannot be unpacked (" + ex.getMessage() + ")", ex);
    }
  }

  /**
   * What {@code parameters.bin} of a network must look like: the bytes the network writes with two
   * different fills of every parameter agree everywhere except in the parameter values, so the bytes
   * where they agree (names, data types, shapes, lengths) must be found in the file exactly, and the
   * length must be the same.
   */
  private record Layout(byte[] reference, java.util.BitSet values) {
    /**
     * Two throwaway copies of the network, every parameter initialised to a constant (0x01020304 and
     * 0x05060708 as float bits: all four bytes differ), saved; nothing is drawn from the engine's
     * random generator and the network being loaded is not touched.
     */
    static Layout of(UNet net, int inputSize) throws IOException {
      byte[] a = constantAndSave(net.config(), inputSize, Float.intBitsToFloat(0x01020304));
      byte[] b = constantAndSave(net.config(), inputSize, Float.intBitsToFloat(0x05060708));
      long valueBytes = 0;
      for (var prm : net.getParameters().values()) valueBytes += prm.getArray().size() * 4;
      java.util.BitSet values = new java.util.BitSet(a.length);
      if (a.length == b.length) for (int i = 0; i < a.length; i++) if (a[i] != b[i]) values.set(i);
      if (a.length != b.length || values.cardinality() != valueBytes) {
        throw new IllegalStateException("the network's parameter layout cannot be derived (" + values.cardinality() + " of "
            + valueBytes + " value bytes found)");
      }
      return new Layout(a, values);
    }

    long size() {
      return reference.length;
    }

    /** Null when {@code p} has this layout, else where it departs from it. */
    String mismatch(byte[] p) {
      if (p.length != reference.length) return p.length + " bytes instead of " + reference.length;
      for (int i = 0; i < p.length; i++) {
        if (!values.get(i) && p[i] != reference[i]) return "byte " + i + " differs outside the parameter values";
      }
      return null;
    }

    private static byte[] constantAndSave(UNetConfig config, int inputSize, float value) throws IOException {
      try (Model m = Model.newInstance("layout")) {
        UNet copy = new UNet(config);
        m.setBlock(copy);
        copy.setInitializer(new ai.djl.training.initializer.ConstantInitializer(value), prm -> true);
        initialise(copy, m, inputSize);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(out)) {
          copy.saveParameters(o);
        }
        return out.toByteArray();
      }
    }
  }

  private static List<Shape> shapes(UNet net) {
    return net.getParameters().values().stream().map(prm -> prm.getArray().getShape()).toList();
  }

  /** Shapes the network's parameters for a batch of single-channel square images. */
  public static void initialise(UNet net, Model model, int size) {
    net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, net.config().inChannels(), size, size));
  }

  /** Bounds on what a descriptor may ask for, so that a crafted file cannot make us build a giant network. */
  static final int MAX_BASE_CHANNELS = 128, MAX_IN_CHANNELS = 4, MAX_CLASSES = 255, MAX_DOMAINS = 4, MAX_INPUT_SIZE = 2048;
  /** Parameters of the largest network a model file may describe (200 MB of float32). */
  static final long MAX_PARAMETERS = 50_000_000L;
  static final int MAX_DESCRIPTOR_BYTES = 1 << 20;

  /** About how many parameters the U-Net of {@code c} has (3×3 convolutions, head, batch norm per domain). */
  static long parameterCount(UNetConfig c) {
    long n = 0, in = c.inChannels();
    for (int i = 0; i < c.depth(); i++) {
      long ch = c.channelsAt(i);
      n += 9 * in * ch + 9 * ch * ch; // down i
      n += 9 * c.channelsAt(i + 1) * ch + 9 * 2 * ch * ch + 9 * ch * ch; // up-convolution and merge i
      n += 8L * ch * c.domains();
      in = ch;
    }
    long bottom = c.channelsAt(c.depth());
    n += 9 * in * bottom + 9 * bottom * bottom + 4L * bottom * c.domains();
    return n + (long) c.channelsAt(0) * c.classes() + c.classes();
  }

  private static void check(Path file, ModelDescriptor d) throws IOException {
    if (d.format() != ModelDescriptor.FORMAT) {
      throw new IOException(file + ": model format " + d.format() + " is not supported (expected " + ModelDescriptor.FORMAT + ")");
    }
    if (d.architecture() == null || d.classes() == null || d.classes().size() != d.architecture().classes()) {
      throw new IOException(file + ": descriptor lists " + (d.classes() == null ? 0 : d.classes().size())
          + " classes but the network has " + (d.architecture() == null ? "no architecture" : d.architecture().classes() + " outputs"));
    }
    UNetConfig a = d.architecture();
    bound(file, "baseChannels", a.baseChannels(), MAX_BASE_CHANNELS);
    bound(file, "inChannels", a.inChannels(), MAX_IN_CHANNELS);
    bound(file, "classes", a.classes(), MAX_CLASSES);
    bound(file, "domains", a.domains(), MAX_DOMAINS);
    bound(file, "inputSize", d.inputSize(), MAX_INPUT_SIZE);
    if (parameterCount(a) > MAX_PARAMETERS) {
      throw new IOException(file + ": the described network has about " + parameterCount(a) + " parameters, beyond the limit of "
          + MAX_PARAMETERS + "; refused");
    }
    int factor = 1 << d.architecture().depth();
    if (d.inputSize() < factor || d.inputSize() % factor != 0) {
      throw new IOException(file + ": input size " + d.inputSize() + " is not a multiple of 2^depth = " + factor);
    }
  }

  private static void bound(Path file, String what, long value, long limit) throws IOException {
    if (value < 1) throw new IOException(file + ": " + what + " " + value + " must be at least 1; refused");
    if (value > limit) throw new IOException(file + ": " + what + " " + value + " is beyond the limit of " + limit + "; refused");
  }
}
