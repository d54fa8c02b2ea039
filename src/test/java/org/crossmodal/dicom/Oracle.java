package org.crossmodal.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Runs the independent decoder (pydicom + gdcmconv, src/test/resources/oracle/decode.py). */
final class Oracle {
  private Oracle() {}

  /** The oracle's answers by file: the data set's files do not change, and python is slow to start. */
  private static final Map<Path, float[]> DECODED = new ConcurrentHashMap<>();

  /** Decoded values as floats: grey per pixel, or R,G,B per pixel for colour (once per file and JVM). */
  static float[] decode(Path file, Path work) throws IOException, InterruptedException {
    float[] known = DECODED.get(file);
    if (known != null) return known.clone();
    float[] v = run(file, work);
    DECODED.put(file, v);
    return v.clone();
  }

  private static float[] run(Path file, Path work) throws IOException, InterruptedException {
    Path script = work.resolve("decode.py");
    if (!Files.exists(script)) {
      try (InputStream in = Oracle.class.getResourceAsStream("/oracle/decode.py")) {
        Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Path out = Files.createTempFile(work, "oracle", ".f32");
    Process p = new ProcessBuilder("/usr/bin/python3", script.toString(), file.toString(), out.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) throw new IOException("oracle failed on " + file + ": " + log);
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(out)).order(ByteOrder.LITTLE_ENDIAN);
    float[] v = new float[b.remaining() / 4];
    b.asFloatBuffer().get(v);
    Files.delete(out);
    return v;
  }

  /** Our decoded instance in the oracle's layout. */
  static float[] flatten(DecodedInstance d) {
    int n = d.width() * d.height();
    float[] out = new float[d.grey().length * n * (d.isColour() ? 3 : 1)];
    int k = 0;
    for (int f = 0; f < d.grey().length; f++) {
      for (int i = 0; i < n; i++) {
        if (d.isColour()) {
          int p = d.rgb()[f][i];
          out[k++] = p >> 16 & 0xff;
          out[k++] = p >> 8 & 0xff;
          out[k++] = p & 0xff;
        } else {
          out[k++] = d.grey()[f][i];
        }
      }
    }
    return out;
  }
}
