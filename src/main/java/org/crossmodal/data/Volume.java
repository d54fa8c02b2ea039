package org.crossmodal.data;

/**
 * A 3-D scalar volume, x fastest, with voxel spacing in mm. Intensities and label maps both use it
 * (labels are stored as whole numbers in the float array).
 */
public record Volume(int nx, int ny, int nz, double sx, double sy, double sz, float[] voxels) {
  public Volume {
    if ((long) nx * ny * nz != voxels.length) {
      throw new IllegalArgumentException("volume " + nx + "x" + ny + "x" + nz + " does not match " + voxels.length + " voxels");
    }
  }

  public float get(int x, int y, int z) {
    return voxels[(z * ny + y) * nx + x];
  }

  /** The axial slice z as a row-major image of nx columns and ny rows. */
  public float[] axial(int z) {
    float[] out = new float[nx * ny];
    System.arraycopy(voxels, z * nx * ny, out, 0, nx * ny);
    return out;
  }

  public boolean sameGrid(Volume o) {
    return nx == o.nx && ny == o.ny && nz == o.nz;
  }

  /**
   * SHA-256 of the voxels (and the size): "nx ny nz\n" in ASCII, then every voxel as a 32-bit
   * little-endian IEEE float, x fastest. Provenance for volumes that are no file (an image open in
   * Fiji, one a script built); the spacing is left out.
   */
  public String sha256() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
      md.update((nx + " " + ny + " " + nz + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1 << 16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      for (float v : voxels) {
        if (b.remaining() < 4) {
          md.update(b.array(), 0, b.position());
          b.clear();
        }
        b.putFloat(v);
      }
      md.update(b.array(), 0, b.position());
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
