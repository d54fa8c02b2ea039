package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every image of the real data set against pydicom/GDCM, exactly for lossless syntaxes. Which files
 * are images, and in which transfer syntax, is said by pydicom, not by the code under test: a
 * regression that calls RLE or JPEG 2000 files broken fails their cases instead of dropping them,
 * and each syntax must keep at least as many cases as the data set holds today.
 */
class DecodeAgainstOracleTest {
  @TempDir static Path work;

  /** Lossy syntaxes: JPEG baseline and JPEG 2000 (irreversible); decoders may differ slightly. */
  static final Set<String> LOSSY = Set.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.91");
  /** Mean absolute difference allowed for lossy JPEG (two decoders' IDCT and colour conversion differ). */
  static final double LOSSY_MEAN_TOLERANCE = 1.0;
  static final double LOSSY_MAX_TOLERANCE = 12.0;

  /** Images per transfer syntax in the data set of test-data/manifest.tsv (pydicom's count, 2026-12-05). */
  static final Map<String, Integer> MINIMUM = Map.of(
      "1.2.840.10008.1.2", 2,          // implicit VR little endian
      "1.2.840.10008.1.2.1", 57,       // explicit VR little endian
      "1.2.840.10008.1.2.1.99", 2,     // deflated
      "1.2.840.10008.1.2.2", 4,        // explicit VR big endian
      "1.2.840.10008.1.2.4.50", 3,     // JPEG baseline (grey, YBR_FULL, YBR_FULL_422)
      "1.2.840.10008.1.2.4.70", 2,     // JPEG lossless SV1
      "1.2.840.10008.1.2.4.90", 1,     // JPEG 2000 lossless
      "1.2.840.10008.1.2.4.91", 2,     // JPEG 2000
      "1.2.840.10008.1.2.5", 5);       // RLE (grey, RGB, palette colour, multi-frame)

  /** Syntaxes no decoder here reads (RECIPES §1): they must be reported, never decoded into something. */
  static final Map<String, Integer> REPORTED = Map.of(
      "1.2.840.10008.1.2.4.51", 1,     // 12-bit JPEG extended
      "1.2.840.10008.1.2.4.80", 1,     // JPEG-LS lossless
      "1.2.840.10008.1.2.4.81", 1);    // JPEG-LS near-lossless

  /** Files whose pixel data is incomplete (pydicom cannot decode them either): reported as broken. */
  static final Set<String> BROKEN = Set.of("pydicom/MR_truncated.dcm");

  /** pydicom's view of one file of the data set: its transfer syntax, and whether it holds pixel data. */
  record Listed(Path file, String relative, String syntax, boolean pixels) {}

  private static List<Listed> listing;

  /** Every DICOM file of the data set as pydicom reads it (one python run for all). */
  static synchronized List<Listed> listing() throws Exception {
    if (listing != null) return listing;
    String out = Tools.python("""
        import os, sys, pydicom
        root = sys.argv[1]
        for d, _, files in sorted(os.walk(root)):
            for f in sorted(files):
                p = os.path.join(d, f)
                if not (f.endswith('.dcm') or f.isdigit()): continue
                ds = pydicom.dcmread(p, stop_before_pixels=False)
                print(os.path.relpath(p, root), ds.file_meta.TransferSyntaxUID, 'PixelData' in ds, sep='\\t')
        """, DataSet.root().toString());
    List<Listed> l = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.split("\t");
      l.add(new Listed(DataSet.root().resolve(f[0]), f[0], f[1], Boolean.parseBoolean(f[2])));
    }
    return listing = l;
  }

  static Stream<Arguments> images() throws Exception {
    return listing().stream().filter(x -> x.pixels() && MINIMUM.containsKey(x.syntax()) && !BROKEN.contains(x.relative()))
        .map(x -> Arguments.of(Named.of(x.relative() + " (" + TransferSyntaxes.name(x.syntax()) + ")", x)));
  }

  static Stream<Arguments> reported() throws Exception {
    return listing().stream().filter(x -> x.pixels() && REPORTED.containsKey(x.syntax()))
        .map(x -> Arguments.of(Named.of(x.relative() + " (" + TransferSyntaxes.name(x.syntax()) + ")", x)));
  }

  @Test
  void everySyntaxKeepsItsCasesAndNoImageIsLeftOut() throws Exception {
    Map<String, Integer> found = new TreeMap<>();
    for (Listed x : listing()) {
      if (!x.pixels()) continue;
      assertTrue(MINIMUM.containsKey(x.syntax()) || REPORTED.containsKey(x.syntax()),
          x.relative() + ": transfer syntax " + x.syntax() + " is in neither list: decide whether it is decoded or reported");
      if (!BROKEN.contains(x.relative())) found.merge(x.syntax(), 1, Integer::sum);
    }
    for (var e : MINIMUM.entrySet()) {
      assertTrue(found.getOrDefault(e.getKey(), 0) >= e.getValue(),
          TransferSyntaxes.name(e.getKey()) + ": " + found.getOrDefault(e.getKey(), 0) + " images, at least " + e.getValue() + " expected");
    }
    for (var e : REPORTED.entrySet()) assertEquals(e.getValue(), found.getOrDefault(e.getKey(), 0), TransferSyntaxes.name(e.getKey()));
    assertEquals(BROKEN.size(), listing().stream().filter(x -> BROKEN.contains(x.relative())).count(), "broken files present");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("images")
  void pixelsAgreeWithIndependentDecoder(Listed image) throws Exception {
    Path file = image.file();
    InstanceHeader h = DicomBackend.standard().readHeader(file);
    assertTrue(h.hasPixelData(), "pydicom finds pixel data");
    assertNull(h.pixelProblem(), "a decodable image reported as a problem");
    assertEquals(image.syntax(), h.transferSyntaxUid());
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
    if (LOSSY.contains(image.syntax())) {
      assertTrue(mean <= LOSSY_MEAN_TOLERANCE && max <= LOSSY_MAX_TOLERANCE, "lossy: mean " + mean + " max " + max);
    } else {
      assertEquals(0.0, max, 1e-3, "lossless decode differs: mean " + mean + " max " + max);
    }
  }

  /** What cannot be decoded is said so, naming the file, and decoding refuses rather than returning pixels. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("reported")
  void undecodableImagesAreReportedNamingTheFile(Listed image) throws Exception {
    InstanceHeader h = DicomBackend.standard().readHeader(image.file());
    assertNotNull(h.pixelProblem(), "an undecodable image passed as decodable");
    assertTrue(h.pixelProblem().contains(image.file().toString()), h.pixelProblem());
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> DicomBackend.standard().decode(image.file()));
    assertTrue(e.getMessage().contains(TransferSyntaxes.name(image.syntax())), e.getMessage());
  }

  @Test
  void truncatedPixelDataIsReportedAndNotDecoded() throws Exception {
    for (String broken : BROKEN) {
      Path file = DataSet.file(broken);
      InstanceHeader h = DicomBackend.standard().readHeader(file);
      assertNotNull(h.pixelProblem(), broken + " passed as complete");
      assertTrue(h.pixelProblem().contains(file.toString()), h.pixelProblem());
      assertThrows(DicomFileException.class, () -> DicomBackend.standard().decode(file));
      assertThrows(Exception.class, () -> Oracle.decode(file, work), "pydicom reads " + broken + " as complete");
    }
  }

  @Test
  void theOracleDecodesTheReportedSyntaxesItself() throws Exception {
    // The reported files are images (GDCM decodes JPEG-LS and 12-bit JPEG): leaving them out is our decoder's limit.
    for (Listed x : listing()) {
      if (x.pixels() && REPORTED.containsKey(x.syntax())) assertTrue(Oracle.decode(x.file(), work).length > 0, x.relative());
    }
  }
}
