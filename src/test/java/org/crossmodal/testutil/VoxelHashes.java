package org.crossmodal.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.crossmodal.data.Volume;

/** An oracle for {@code Volume#sha256()}, written out byte by byte from what its documentation says. */
public final class VoxelHashes {
  private VoxelHashes() {}

  /** SHA-256 of "nx ny nz\n" in ASCII and then the voxels as little-endian float32, x fastest. */
  public static String of(Volume v) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.write((v.nx() + " " + v.ny() + " " + v.nz() + "\n").getBytes(StandardCharsets.US_ASCII));
    for (float f : v.voxels()) {
      int b = Float.floatToRawIntBits(f);
      for (int k = 0; k < 4; k++) bytes.write(b >>> (8 * k) & 0xff);
    }
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
  }
}
