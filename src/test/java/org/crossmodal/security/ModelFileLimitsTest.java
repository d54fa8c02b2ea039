package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.crossmodal.io.DataSet;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model file is input too. Crafted from the real tiny model: a descriptor asking for a network of
 * 4096 base channels, a {@code parameters.bin} whose first tensor declares 2 GiB, and one that really
 * holds 1 GiB more than the network has (zeros, a few MB zipped). {@code segment} loads each in a JVM
 * of its own with 256 MB of heap and direct memory: it must end with one line naming the file and the
 * limit, not with an OutOfMemoryError or a JVM that swells, and quickly.
 */
class ModelFileLimitsTest {
  @TempDir static Path tmp;
  static Path good, image;
  static byte[] descriptor, params;

  @BeforeAll
  static void realModel() throws Exception {
    good = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    try (ZipFile z = new ZipFile(good.toFile())) {
      descriptor = z.getInputStream(z.getEntry("descriptor.json")).readAllBytes();
      params = z.getInputStream(z.getEntry("parameters.bin")).readAllBytes();
    }
    image = Files.createDirectories(tmp.resolve("in")).resolve("mr.dcm");
    Files.copy(DataSet.file("pydicom/MR_small.dcm"), image);
  }

  @Test
  void aDescriptorAskingForAHugeNetworkIsRefusedBeforeAnythingIsBuilt() throws Exception {
    String json = new String(descriptor, StandardCharsets.UTF_8);
    assertTrue(json.contains("\"baseChannels\" : 16"), json);
    Path evil = zip("huge-network.model.zip", json.replace("\"baseChannels\" : 16", "\"baseChannels\" : 4096")
        .replace("\"depth\" : 2", "\"depth\" : 5").getBytes(StandardCharsets.UTF_8), out -> out.write(params));
    String log = segment(evil);
    assertTrue(log.contains(evil + ": baseChannels 4096 is beyond the limit of 128"), log);
  }

  @Test
  void aTensorDeclaringTwoGigabytesIsRefusedBeforeItIsAllocated() throws Exception {
    byte[] lying = params.clone();
    int at = firstTensorLength();
    ByteBuffer.wrap(lying).putInt(at, 0x7FFFFFF0);
    Path evil = zip("declared.model.zip", descriptor, out -> out.write(lying));
    String log = segment(evil);
    assertTrue(log.contains(evil + ": parameters do not match the descriptor's architecture"), log);
    assertTrue(log.contains("parameters.bin is not laid out as the architecture needs"), log);
  }

  @Test
  void aParametersFileLargerThanTheNetworkIsNotReadWhole() throws Exception {
    Path evil = zip("bomb.model.zip", descriptor, out -> {
      out.write(params);
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 1024; i++) out.write(zeros); // 1 GiB more, a few MB compressed
    });
    assertTrue(Files.size(evil) < 8 << 20, "small on disk: " + Files.size(evil));
    String log = segment(evil);
    assertTrue(log.contains(evil + ": parameters.bin holds more than the " + params.length + " bytes the descriptor's architecture needs"),
        log);
  }

  /** Where the first tensor's data length sits: the int before its data, whose size the real network gives. */
  static int firstTensorLength() throws IOException {
    long bytes;
    try (LoadedModel m = ModelFile.load(good, 1)) {
      bytes = m.net().getParameters().get(0).getValue().getArray().size() * 4;
    }
    int ndar = new String(params, StandardCharsets.ISO_8859_1).indexOf("NDAR");
    for (int i = ndar; i + 4 <= params.length; i++) if (ByteBuffer.wrap(params).getInt(i) == bytes) return i;
    throw new AssertionError("no length field " + bytes);
  }

  interface Body {
    void write(OutputStream out) throws IOException;
  }

  static Path zip(String name, byte[] json, Body parameters) throws IOException {
    Path f = tmp.resolve(name);
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(f))) {
      z.putNextEntry(new ZipEntry("descriptor.json"));
      z.write(json);
      z.closeEntry();
      z.putNextEntry(new ZipEntry("parameters.bin"));
      parameters.write(z);
      z.closeEntry();
    }
    return f;
  }

  /** {@code segment} in a JVM with 256 MB of heap and of direct memory; its exit code 1 and output, within 120 s. */
  static String segment(Path model) throws Exception {
    Path log = tmp.resolve(model.getFileName() + ".log");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:MaxDirectMemorySize=256m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
        "org.crossmodal.cli.Main", "segment", "--model", model.toString(), image.toString(), "--out",
        tmp.resolve("out-" + model.getFileName()).toString()));
    long t0 = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      fail("segment did not end within 120 s: " + Files.readString(log));
    }
    String out = Files.readString(log);
    assertEquals(1, p.exitValue(), out);
    assertFalse(out.contains("OutOfMemoryError") || out.contains("\tat "), "an error, not a crash: " + out);
    assertTrue((System.nanoTime() - t0) / 1e9 < 60, "refused quickly");
    return out;
  }

  @Test
  void theRealModelStillLoads() throws Exception {
    try (LoadedModel m = ModelFile.load(good, 1)) {
      assertEquals(3, m.descriptor().classes().size());
    }
  }
}
