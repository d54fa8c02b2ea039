package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every decodable image of the real data set against pydicom/GDCM, exactly for lossless syntaxes. */
class DecodeAgainstOracleTest {
  @TempDir static Path work;

  /** Lossy syntaxes: JPEG baseline and JPEG 2000 (irreversible); decoders may differ slightly. */
  static final java.util.Set<String> LOSSY = java.util.Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.91");
  /** Mean absolute difference allowed for lossy JPEG (two decoders' IDCT and colour conversion differ). */
  static final double LOSSY_MEAN_TOLERANCE = 1.0;
  static final double LOSSY_MAX_TOLERANCE = 12.0;

  static Stream<org.junit.jupiter.params.provider.Arguments> images() throws Exception {
    return decodableImages().map(p -> org.junit.jupiter.params.provider.Arguments.of(
        org.junit.jupiter.api.Named.of(DataSet.root().relativize(p).toString(), p)));
  }

  static Stream<Path> decodableImages() throws Exception {
    List<Path> all;
    try (Stream<Path> s = Files.walk(DataSet.root())) {
      all = s.filter(p -> p.toString().endsWith(".dcm") || p.getFileName().toString().matches("\\d+"))
          .sorted().toList();
    }
    return all.stream().filter(p -> {
      try {
        InstanceHeader h = DicomBackend.standard().readHeader(p);
        return h.hasPixelData() && h.pixelProblem() == null;
      } catch (DicomFileException e) {
        return false;
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void pixelsAgreeWithIndependentDecoder(Path file) throws Exception {
    InstanceHeader h = DicomBackend.standard().readHeader(file);
    DecodedInstance d = DicomBackend.standard().decode(file);
    float[] ours = Oracle.flatten(d);
    float[] theirs = Oracle.decode(file, work);
    assertEquals(theirs.length, ours.length, "value count");
    double sum = 0, max = 0;
    for (int i = 0; i < ours.length; i++) {
      double diff = Math.abs(ours[i] - theirs[i]);
      sum += diff;
      max = Math.max(max, diff);
    }
    double mean = sum / ours.length;
    if (LOSSY.contains(h.transferSyntaxUid())) {
      assertTrue(mean <= LOSSY_MEAN_TOLERANCE && max <= LOSSY_MAX_TOLERANCE, "lossy: mean " + mean + " max " + max);
    } else {
      assertEquals(0.0, max, 1e-3, "lossless decode differs: mean " + mean + " max " + max);
    }
  }
}
