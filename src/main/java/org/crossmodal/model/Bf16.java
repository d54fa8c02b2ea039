package org.crossmodal.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * bfloat16 tensors in DJL 0.36's PyTorch engine, which has no bf16 of its own: its
 * {@code NDArray.toType(BFLOAT16)} reaches a native dtype switch without a bf16 case and aborts the
 * process. Two one-line TorchScript modules do the conversions instead ({@code x.to(torch.bfloat16)}
 * and {@code x.to(torch.float32)}); they are built here as TorchScript archives (source text and a
 * three-field pickle, no binary resource) and run through DJL's module call, which autograd records,
 * so gradients reach fp32 weights through the casts (fp32 master weights). DJL reports bf16 arrays'
 * data type as UNKNOWN; libtorch's operators take them as they are.
 */
public final class Bf16 {
  private static PtSymbolBlock toBf16, toFp32;
  private static NDManager owner;

  private Bf16() {}

  /** {@code x} as bf16, attached to {@code manager}; recorded by autograd when gradients are on. */
  public static NDArray toBf16(NDArray x, NDManager manager) {
    return cast(modules()[0], x, manager);
  }

  /** A bf16 array back as fp32 (fp32 input: a copy), attached to {@code manager}. */
  public static NDArray toFp32(NDArray x, NDManager manager) {
    return cast(modules()[1], x, manager);
  }

  private static NDArray cast(PtSymbolBlock module, NDArray x, NDManager manager) {
    // DJL routes named arrays into TorchScript containers by their names: give the module an unnamed view.
    NDArray in = x.getName() == null ? x : x.reshape(x.getShape());
    NDArray out = IValueUtils.forward(module, new NDList(in), JniUtils.isGradMode()).head();
    out.attach(manager);
    if (in != x) in.attach(manager);
    return out;
  }

  private static synchronized PtSymbolBlock[] modules() {
    if (toBf16 == null) {
      owner = Engine.getEngine("PyTorch").newBaseManager(Device.cpu());
      toBf16 = load("ToBf16", 15);
      toFp32 = load("ToFp32", 6);
    }
    return new PtSymbolBlock[] {toBf16, toFp32};
  }

  /** A TorchScript archive of {@code class NAME(Module): forward(x) = x.to(dtype)} ({@code dtype}: c10 ScalarType code). */
  static byte[] archive(String name, int scalarType) {
    String code = "class " + name + "(Module):\n"
        + "  __parameters__ = []\n"
        + "  __buffers__ = []\n"
        + "  training : bool\n"
        + "  def forward(self: __torch__." + name + ",\n"
        + "    x: Tensor) -> Tensor:\n"
        + "    return torch.to(x, " + scalarType + ")\n";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      entry(zip, name + "/version", "3".getBytes(StandardCharsets.US_ASCII));
      entry(zip, name + "/data.pkl", modulePickle(name));
      entry(zip, name + "/constants.pkl", new byte[] {(byte) 0x80, 2, ')', '.'}); // pickle of ()
      entry(zip, name + "/code/__torch__.py", code.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return bytes.toByteArray();
  }

  /** Pickle (protocol 2) of a {@code __torch__.NAME} object whose only attribute is {@code training = True}. */
  private static byte[] modulePickle(String name) {
    ByteArrayOutputStream p = new ByteArrayOutputStream();
    p.write(0x80); // PROTO 2
    p.write(2);
    p.writeBytes(("c__torch__\n" + name + "\n").getBytes(StandardCharsets.US_ASCII)); // GLOBAL
    p.write(')'); // EMPTY_TUPLE
    p.write(0x81); // NEWOBJ
    p.write('}'); // EMPTY_DICT
    byte[] key = "training".getBytes(StandardCharsets.US_ASCII);
    p.write('X'); // BINUNICODE, 4-byte little-endian length
    p.write(key.length);
    p.write(0);
    p.write(0);
    p.write(0);
    p.writeBytes(key);
    p.write(0x88); // NEWTRUE
    p.write('s'); // SETITEM
    p.write('b'); // BUILD
    p.write('.'); // STOP
    return p.toByteArray();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(data.length);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(data);
    e.setCrc(crc.getValue());
    zip.putNextEntry(e);
    zip.write(data);
    zip.closeEntry();
  }

  private static PtSymbolBlock load(String name, int scalarType) {
    try {
      return JniUtils.loadModule((PtNDManager) owner, new ByteArrayInputStream(archive(name, scalarType)), true, false);
    } catch (IOException e) {
      throw new IllegalStateException("the bf16 conversion module could not be loaded: " + e.getMessage(), e);
    }
  }

  /**
   * Hands the network its convolution and head weights and biases as bf16 (batch-norm scale, shift
   * and statistics stay fp32: libtorch's CPU batch norm takes bf16 activations with fp32
   * parameters). The casts belong to {@code manager}, the pass's own.
   */
  static final class CastingStore extends ParameterStore {
    private final ParameterStore inner;
    private final NDManager manager;

    CastingStore(ParameterStore inner, NDManager manager) {
      super(manager, false);
      this.inner = inner;
      this.manager = manager;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
      NDArray v = inner.getValue(parameter, device, training);
      if (v == null) return null;
      Parameter.Type t = parameter.getType();
      return t == Parameter.Type.WEIGHT || t == Parameter.Type.BIAS ? toBf16(v, manager) : v;
    }

    @Override
    public NDManager getManager() {
      return inner.getManager();
    }
  }
}
