package org.crossmodal.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads single-file NIfTI-1 volumes (.nii, .nii.gz). No NIfTI library is on Maven Central, so this
 * is a small reader of the fixed 348-byte header: dimensions, data type, spacing, scaling, offset.
 */
public final class NiftiReader {
  private static final long MAX_VOXELS = 1L << 30;

  private NiftiReader() {}

  public static Volume read(Path file) throws IOException {
    return readOriented(file).volume();
  }

  /** The volume with its voxel-to-patient grid: the sform when set, else the qform, else the voxel sizes alone. */
  public static OrientedVolume readOriented(Path file) throws IOException {
    try {
      return readUnchecked(file);
    } catch (EOFException e) {
      throw new IOException(file + ": truncated NIfTI volume (" + e.getMessage() + ")", e);
    } catch (java.util.zip.ZipException e) {
      throw new IOException(file + ": corrupt gzip stream (" + e.getMessage() + ")", e);
    }
  }

  private static OrientedVolume readUnchecked(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
         InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw) {
      byte[] header = in.readNBytes(348);
      if (header.length < 348) throw new IOException(file + ": not a NIfTI-1 file (shorter than its 348-byte header)");
      ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
      if (h.getInt(0) != 348) {
        h.order(ByteOrder.BIG_ENDIAN);
        if (h.getInt(0) != 348) throw new IOException(file + ": not a NIfTI-1 file (sizeof_hdr is not 348)");
      }
      String magic = new String(header, 344, 3, java.nio.charset.StandardCharsets.US_ASCII);
      if (!magic.equals("n+1")) throw new IOException(file + ": not a single-file NIfTI-1 volume (magic '" + magic + "')");
      int rank = h.getShort(40);
      if (rank < 1 || rank > 7) throw new IOException(file + ": invalid dimension count " + rank);
      int nx = dim(h, 1, rank), ny = dim(h, 2, rank), nz = dim(h, 3, rank);
      for (int i = 4; i <= rank; i++) {
        if (dim(h, i, rank) != 1) throw new IOException(file + ": only 3-D volumes are supported (dim" + i + " = " + dim(h, i, rank) + ")");
      }
      long count = (long) nx * ny * nz;
      if (nx < 1 || ny < 1 || nz < 1 || count > MAX_VOXELS) throw new IOException(file + ": absurd dimensions " + nx + "x" + ny + "x" + nz);
      short datatype = h.getShort(70);
      double sx = Math.abs(h.getFloat(80)), sy = Math.abs(h.getFloat(84)), sz = Math.abs(h.getFloat(88));
      long offset = (long) h.getFloat(108);
      float slope = h.getFloat(112), inter = h.getFloat(116);
      if (slope == 0 || !Float.isFinite(slope)) { slope = 1; inter = 0; }
      in.skipNBytes(Math.max(0, offset - 348));
      int bytes = bytesPerVoxel(datatype, file);
      float[] v = new float[(int) count];
      byte[] buf = new byte[1 << 16];
      ByteBuffer bb = ByteBuffer.wrap(buf).order(h.order());
      int done = 0;
      while (done < count) {
        int n = (int) Math.min(buf.length / bytes, count - done);
        readFully(in, buf, n * bytes, file);
        for (int i = 0; i < n; i++) v[done + i] = value(bb, i * bytes, datatype) * slope + inter;
        done += n;
      }
      return new OrientedVolume(new Volume(nx, ny, nz, sx, sy, sz, v), grid(h, sx, sy, sz), file.toString());
    }
  }

  private static PatientGrid grid(ByteBuffer h, double sx, double sy, double sz) {
    if (h.getShort(254) > 0) {
      double[] m = new double[12];
      for (int i = 0; i < 12; i++) m[i] = h.getFloat(280 + 4 * i);
      return new PatientGrid(m);
    }
    if (h.getShort(252) > 0) return qform(h, sx, sy, sz);
    return PatientGrid.of(new double[][] {{sx, 0, 0}, {0, sy, 0}, {0, 0, sz}}, new double[3]);
  }

  /** The NIfTI-1 quaternion form (nifti1.h, method 2). */
  private static PatientGrid qform(ByteBuffer h, double sx, double sy, double sz) {
    double b = h.getFloat(256), c = h.getFloat(260), d = h.getFloat(264);
    double a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
    double qfac = h.getFloat(76) < 0 ? -1 : 1;
    double[][] r = {
        {a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)},
        {2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)},
        {2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - c * c - b * b}};
    double[] scale = {sx, sy, sz * qfac};
    double[][] axes = new double[3][3];
    for (int col = 0; col < 3; col++) for (int row = 0; row < 3; row++) axes[col][row] = r[row][col] * scale[col];
    return PatientGrid.of(axes, new double[] {h.getFloat(268), h.getFloat(272), h.getFloat(276)});
  }

  private static int dim(ByteBuffer h, int i, int rank) {
    return i <= rank ? h.getShort(40 + 2 * i) : 1;
  }

  private static int bytesPerVoxel(short datatype, Path file) throws IOException {
    return switch (datatype) {
      case 2, 256 -> 1;          // uint8, int8
      case 4, 512 -> 2;          // int16, uint16
      case 8, 16, 768 -> 4;      // int32, float32, uint32
      case 64 -> 8;              // float64
      default -> throw new IOException(file + ": unsupported NIfTI data type " + datatype);
    };
  }

  private static float value(ByteBuffer b, int at, short datatype) {
    return switch (datatype) {
      case 2 -> b.get(at) & 0xff;
      case 256 -> b.get(at);
      case 4 -> b.getShort(at);
      case 512 -> b.getShort(at) & 0xffff;
      case 8 -> b.getInt(at);
      case 768 -> (float) (b.getInt(at) & 0xffffffffL);
      case 16 -> b.getFloat(at);
      default -> (float) b.getDouble(at);
    };
  }

  private static void readFully(InputStream in, byte[] buf, int len, Path file) throws IOException {
    int off = 0;
    while (off < len) {
      int r = in.read(buf, off, len - off);
      if (r < 0) throw new EOFException("voxel data ends early");
      off += r;
    }
  }
}
