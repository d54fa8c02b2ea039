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
}
