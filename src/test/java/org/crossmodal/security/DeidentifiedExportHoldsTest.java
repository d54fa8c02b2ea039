package org.crossmodal.security;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.batch.BatchSummary;
import org.crossmodal.batch.StudyStatus;
import org.crossmodal.cli.CliRun;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A de-identified export that holds by default. pydicom plants identifiers and free text into a copy
 * of the real echo (descriptions, protocol, comments, content-sequence text, station, serial number,
 * institution, operators, physicians, private attributes), burns "DOE^JOHN MRN12345" into every frame
 * beside the real burned-in date, and the copy lies in a folder named after the patient next to a
 * note and a truncated file. After {@code batch --deidentify}: no planted value in any byte of any
 * output (raw search for the long values, pydicom over every element for the short ones), none in
 * what the command printed; the pixels outside the imaging area are blank in the exported source and
 * overlay while the sector is unchanged; the summary names the other files by a hash; SEG and overlay
 * pass dciodvfy and dcentvfy.
 */
class DeidentifiedExportHoldsTest {
  static final String FOLDER = "DOE_JOHN_MRN12345";
  /** Values long enough that a raw byte search cannot meet them by chance in pixel data. */
  static final List<String> LONG = List.of("Study of John DOE MRN 12345", "DOE series 12345", "DOE protocol", "DOE image comment",
      "DOE requested proc", "DOESTATION", "SN-DOE-777", "DOE GENERAL HOSPITAL", "1 DOE Street", "DOE CARDIOLOGY",
      "OPERATOR^DOE", "PERFORMER^DOE", "RECORD^DOE", "READER^DOE", "REQUESTER^DOE", "REFERRER^DOE", "DOE history",
      "DOE patient comment", "DOE content text 12345", "DOE private value", "DOE acquisition comments", "DOE study comments",
      "DOE^JOHN", "MRN12345", "ACC-DOE-99", "DOE-STUDY-ID", "19510403", "20240102", FOLDER);
  @TempDir static Path tmp;
  static Path in, original, out, key;
  static CliRun run;

  @BeforeAll
  static void plantAndExport() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("in").resolve(FOLDER));
    in = folder.getParent();
    original = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Path mask = tmp.resolve("text.raw");
    Files.write(mask, burnedInText(600, 430));
    Tools.python("""
        import sys, numpy as np, pydicom
        from pydicom.dataset import Dataset
        from pydicom.uid import ExplicitVRLittleEndian
        d = pydicom.dcmread(sys.argv[1])
        px = d.pixel_array.copy()
        text = np.frombuffer(open(sys.argv[3], 'rb').read(), dtype=np.uint8).reshape(430, 600) > 0
        px[:, text] = 255
        d.PixelData = px.tobytes(); d.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        d.is_implicit_VR = False; d.is_little_endian = True
        v = dict(StudyDescription='Study of John DOE MRN 12345', SeriesDescription='DOE series 12345',
                 ProtocolName='DOE protocol', ImageComments='DOE image comment', RequestedProcedureDescription='DOE requested proc',
                 StationName='DOESTATION', DeviceSerialNumber='SN-DOE-777', InstitutionName='DOE GENERAL HOSPITAL',
                 InstitutionAddress='1 DOE Street', InstitutionalDepartmentName='DOE CARDIOLOGY', OperatorsName='OPERATOR^DOE',
                 PerformingPhysicianName='PERFORMER^DOE', PhysiciansOfRecord='RECORD^DOE', NameOfPhysiciansReadingStudy='READER^DOE',
                 RequestingPhysician='REQUESTER^DOE', ReferringPhysicianName='REFERRER^DOE', AdditionalPatientHistory='DOE history',
                 PatientComments='DOE patient comment', AcquisitionComments='DOE acquisition comments',
                 StudyComments='DOE study comments', PatientName='DOE^JOHN', PatientID='MRN12345', PatientBirthDate='19510403',
                 AccessionNumber='ACC-DOE-99', StudyID='DOE-STUDY-ID', StudyDate='20240102', SeriesDate='20240102',
                 OtherPatientIDs='MRN12345', PatientAge='073Y', BurnedInAnnotation='YES')
        for k, val in v.items(): setattr(d, k, val)
        item = Dataset(); item.RelationshipType = 'CONTAINS'; item.ValueType = 'TEXT'; item.TextValue = 'DOE content text 12345'
        code = Dataset(); code.CodeValue = '121106'; code.CodingSchemeDesignator = 'DCM'; code.CodeMeaning = 'Comment'
        item.ConceptNameCodeSequence = [code]
        d.ContentSequence = [item]
        d.add_new(0x00091010, 'LO', 'DOE PRIVATE CREATOR')
        d.add_new(0x00091011, 'LO', 'DOE private value')
        d.save_as(sys.argv[2])
        """, original.toString(), folder.resolve("IM1.dcm").toString(), mask.toString());
    Files.writeString(folder.resolve("report.txt"), "notes about the patient");
    byte[] mr = Files.readAllBytes(DataSet.file("pydicom/MR_small.dcm"));
    Files.write(folder.resolve("IM2.dcm"), java.util.Arrays.copyOf(mr, mr.length - 1000)); // truncated: fails
    out = tmp.resolve("export");
    key = tmp.resolve("keys/research.key");
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    run = CliRun.of("batch", "--model", model.toString(), in.toString(), "--out", out.toString(), "--deidentify",
        "--key-file", key.toString(), "--json");
  }

  @Test
  void noPlantedValueInAnyByteOfTheExportNorInWhatWasPrinted() throws Exception {
    BatchSummary s = Json.read(out.resolve(BatchSummary.FILE), BatchSummary.class);
    assertEquals(1, s.done(), run.stdout() + run.stderr());
    List<Path> files = files(out);
    assertTrue(files.size() >= 5, "SEG, overlay, source, status, summary: " + files);
    List<String> found = new ArrayList<>();
    for (Path f : files) {
      String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      String utf16 = new String(Files.readAllBytes(f), StandardCharsets.UTF_16LE);
      for (String p : LONG) if (bytes.contains(p) || utf16.contains(p)) found.add(out.relativize(f) + ": " + p);
      if (f.toString().endsWith(".json") && bytes.toUpperCase().contains("DOE")) found.add(out.relativize(f) + ": DOE");
    }
    for (String p : LONG) if (run.stdout().contains(p) || run.stderr().contains(p)) found.add("printed: " + p);
    assertEquals(List.of(), found);

    // An independent reader over every element, file meta and sequences included: no value holds DOE or 12345.
    List<Path> dicom = files.stream().filter(f -> f.toString().endsWith(".dcm")).toList();
    assertEquals("", Tools.python("""
        import sys, pydicom
        bad = []
        for f in sys.argv[1:]:
            d = pydicom.dcmread(f)
            for ds in (d.file_meta, d):
                for e in ds.iterall():
                    if e.tag == 0x7FE00010 or e.VR in ('OB', 'OW', 'OF', 'UN'):
                        if e.tag.is_private: bad.append(f + ' private ' + str(e.tag))
                        continue
                    v = str(e.value).upper()
                    if 'DOE' in v or '12345' in v or 'JOHN' in v: bad.append(f + ' ' + e.keyword + '=' + v)
                    if e.tag.is_private: bad.append(f + ' private ' + str(e.tag))
            for kw in ('StudyDescription', 'SeriesDescription', 'ProtocolName', 'ImageComments', 'StationName',
                       'InstitutionName', 'OperatorsName', 'PerformingPhysicianName', 'ContentSequence', 'StudyDate'):
                if kw in d and d.data_element(kw).value not in (None, '', []) and not (kw == 'SeriesDescription' and 'CrossModal' in str(d.SeriesDescription)):
                    bad.append(f + ' kept ' + kw)
        print('\\n'.join(bad))
        """, dicom.stream().map(Path::toString).toArray(String[]::new)));
  }

  @Test
  void burnedInTextOutsideTheImagingAreaIsBlankedAndTheSectorKept() throws Exception {
    // (The overlay shows source pixels, so it says YES like its source: text inside the sector is not looked for.)
    StudyStatus st = status();
    Path study = out.resolve(st.study());
    Path source = study.resolve(st.series().get(0).sources().get(0));
    Path overlay = study.resolve(st.series().get(0).overlay());
    // The text column (the real date and time, the planted name), the colour bar and the ECG trace lie outside the
    // sector: blank in source and overlay; the middle of the sector: unchanged in the source.
    assertEquals("planted text=255 | source text=0 bar=0 ecg=0 sector_equal=True | overlay text=0 bar=0 ecg=0 says=YES", Tools.python("""
        import sys, numpy as np, pydicom
        src = pydicom.dcmread(sys.argv[1]).pixel_array; ovd = pydicom.dcmread(sys.argv[2]); ov = ovd.pixel_array
        orig = pydicom.dcmread(sys.argv[3]).pixel_array
        def part(a, name):
            text = max(int(a[:, 0:135, 0:190].max()), int(a[:, 135:280, 0:100].max()))
            return '%s text=%d bar=%d ecg=%d' % (name, text, int(a[:, 0:180, 540:600].max()), int(a[:, 360:400, 40:340].max()))
        planted = pydicom.dcmread(sys.argv[4]).pixel_array
        same = bool((src[:, 180:240, 270:330] == orig[:, 180:240, 270:330]).all())
        print('planted text=%d |' % int(planted[:, 110:130, 30:170].max()), part(src, 'source'), 'sector_equal=%s' % same,
              '|', part(ov, 'overlay'), 'says=%s' % ovd.BurnedInAnnotation)
        """, source.toString(), overlay.toString(), original.toString(), in.resolve(FOLDER).resolve("IM1.dcm").toString()));
  }

  @Test
  void summariesNameOtherFilesByAHashAndTheObjectsStillValidate() throws Exception {
    BatchSummary s = Json.read(out.resolve(BatchSummary.FILE), BatchSummary.class);
    assertEquals(1, s.failed(), s.toString());
    assertEquals(1, run.exitCode());
    String summary = Files.readString(out.resolve(BatchSummary.FILE));
    assertFalse(summary.contains(FOLDER) || summary.contains(in.toString()), summary);
    assertTrue(summary.matches("(?s).*input-[0-9a-f]{16}.*"), summary);

    StudyStatus st = status();
    Path study = out.resolve(st.study());
    Path seg = study.resolve(st.series().get(0).segmentation());
    Path overlay = study.resolve(st.series().get(0).overlay());
    Path source = study.resolve(st.series().get(0).sources().get(0));
    for (Path f : List.of(seg, overlay)) assertEquals(List.of(), DicomValidators.iodErrors(f, List.of(source)), f.toString());
    List<String> before = DicomValidators.iodErrors(original, List.of());
    for (String e : DicomValidators.iodErrors(source, List.of())) assertTrue(before.contains(e), "a new fault: " + e);
    assertEquals(List.of(), DicomValidators.entityErrors(List.of(source, seg, overlay)));
  }

  /**
   * Other layouts and the refusals: a 16-bit signed grey image labelled ultrasound with no Burned In
   * Annotation, dark around the head with a bright "label" in a corner, is blanked (the label black,
   * every other pixel kept or black); the same image without the dark border has no imaging area to
   * find (it would cover the whole image) and is refused; an MR image that says YES is refused, since
   * only ultrasound has an imaging area to keep. Each reason names the file by its token.
   */
  @Test
  void greyImagesAreBlankedTooAndAnMrWithBurnedInTextIsRefused() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("other/in"));
    Path mr = DataSet.file("pydicom/MR_small.dcm");
    String edit = """
        import sys, pydicom
        from pydicom.uid import generate_uid
        d = pydicom.dcmread(sys.argv[1])
        d.StudyInstanceUID = generate_uid(); d.SeriesInstanceUID = generate_uid(); d.SOPInstanceUID = generate_uid()
        d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
        if sys.argv[3].startswith('US'):
            d.Modality = 'US'
            if 'BurnedInAnnotation' in d: del d.BurnedInAnnotation
            if sys.argv[3] == 'US-label':
                px = d.pixel_array.copy(); top = px.max()
                px[:12, :] = 0; px[-12:, :] = 0; px[:, :12] = 0; px[:, -12:] = 0
                px[2:6, 2:10] = top
                d.PixelData = px.tobytes()
        else:
            d.BurnedInAnnotation = 'YES'
        d.save_as(sys.argv[2])
        """;
    Tools.python(edit, mr.toString(), dir.resolve("us16.dcm").toString(), "US-label");
    Tools.python(edit, mr.toString(), dir.resolve("us-whole.dcm").toString(), "US");
    Tools.python(edit, mr.toString(), dir.resolve("mr-yes.dcm").toString(), "MR");
    Path o = tmp.resolve("other/out");
    CliRun r = CliRun.of("batch", "--model", TinyModel.save(tmp.resolve("other/tiny.model.zip"), 0).toString(), dir.toString(),
        "--out", o.toString(), "--deidentify", "--key-file", key.toString(), "--modalities", "US,MR", "--quiet");
    BatchSummary s = Json.read(o.resolve(BatchSummary.FILE), BatchSummary.class);
    assertEquals(1, s.done(), s.toString());
    assertEquals(2, s.failed(), s.toString());
    List<String> reasons = s.studies().stream().filter(x -> x.outcome().equals("failed")).map(x -> x.reason()).sorted().toList();
    assertTrue(reasons.stream().allMatch(x -> x.matches("input-[0-9a-f]{16}: .*")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(x -> x.contains("Burned In Annotation is YES on a MR image")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(x -> x.contains("covers 100.0 % of the image, so burned-in annotation outside it "
        + "cannot be blanked")), reasons.toString());
    String done = s.studies().stream().filter(x -> x.outcome().equals("done")).findFirst().orElseThrow().study();
    StudyStatus st = Json.read(o.resolve(done).resolve(StudyStatus.FILE), StudyStatus.class);
    Path source = o.resolve(done).resolve(st.series().get(0).sources().get(0));
    assertEquals("label=True kept_or_black=True middle_kept=True", Tools.python("""
        import sys, numpy as np, pydicom
        a = pydicom.dcmread(sys.argv[1]).pixel_array.astype(np.int64); b = pydicom.dcmread(sys.argv[2]).pixel_array.astype(np.int64)
        black = b == -32768; kept = (a == b) & ~black
        print('label=%s kept_or_black=%s middle_kept=%s' % (bool(black[2:6, 2:10].all()), bool((kept | black).all()),
              bool(kept[24:40, 24:40].all())))
        """, dir.resolve("us16.dcm").toString(), source.toString()));
  }

  /** Descriptions and device identity stay only when asked for, and the method codes say so. */
  @Test
  void descriptionsAndDeviceIdentityAreKeptOnlyWhenAskedFor() throws Exception {
    Path o = tmp.resolve("kept");
    CliRun r = CliRun.of("batch", "--model", TinyModel.save(tmp.resolve("kept.model.zip"), 0).toString(), in.toString(), "--out",
        o.toString(), "--deidentify", "--key-file", key.toString(), "--keep-descriptions", "--keep-device-identity", "--quiet");
    BatchSummary s = Json.read(o.resolve(BatchSummary.FILE), BatchSummary.class);
    assertEquals(1, s.done(), r.stderr());
    String study = s.studies().stream().filter(x -> x.study() != null).findFirst().orElseThrow().study();
    StudyStatus st = Json.read(o.resolve(study).resolve(StudyStatus.FILE), StudyStatus.class);
    Path source = o.resolve(study).resolve(st.series().get(0).sources().get(0));
    assertEquals("Study of John DOE MRN 12345|DOESTATION|113100,113109|", Tools.python("""
        import sys, pydicom
        d = pydicom.dcmread(sys.argv[1])
        print(d.StudyDescription, d.StationName, ','.join(i.CodeValue for i in d.DeidentificationMethodCodeSequence),
              d.get('InstitutionName', ''), sep='|')
        """, source.toString()));
  }

  private static StudyStatus status() throws Exception {
    BatchSummary s = Json.read(out.resolve(BatchSummary.FILE), BatchSummary.class);
    String study = s.studies().stream().filter(o -> o.study() != null).findFirst().orElseThrow().study();
    return Json.read(out.resolve(study).resolve(StudyStatus.FILE), StudyStatus.class);
  }

  /** "DOE^JOHN MRN12345" in white, as a scanner burns it in, beside the echo's own "ID:". */
  static byte[] burnedInText(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.setFont(new Font(Font.MONOSPACED, Font.BOLD, 13));
    g.drawString("DOE^JOHN MRN12345", 30, 124);
    g.dispose();
    return ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
  }

  private static List<Path> files(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }
}
