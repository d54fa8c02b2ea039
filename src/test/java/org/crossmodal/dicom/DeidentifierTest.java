package org.crossmodal.dicom;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The de-identifier on files pydicom planted, checked by pydicom and Python's own HMAC: every date and
 * time removed wherever it sits (sequences included), every private attribute removed wherever it
 * sits, every instance UID (study, series, SOP, frame of reference, references inside sequences)
 * replaced by the keyed 2.25 UID the documentation defines and none of the originals left in any
 * byte, DICOM's own UIDs kept; the patient's pseudonym the keyed one, the same across studies of one
 * patient and under the same key, different for another patient or another key.
 */
class DeidentifierTest {
  @TempDir static Path tmp;
  static final byte[] KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  static final byte[] OTHER_KEY = HexFormat.of().parseHex("ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100");

  /** Plants identifiers into a copy of MR_small: argv[2] output, argv[3] patient ID, argv[4] a number for the UIDs. */
  static final String PLANT = """
      import sys, pydicom
      from pydicom.dataset import Dataset
      d = pydicom.dcmread(sys.argv[1]); pid = sys.argv[3]; n = sys.argv[4]
      d.PatientID = pid; d.PatientName = 'DOE^' + pid; d.PatientBirthDate = '19510403'; d.PatientBirthTime = '101500'
      d.StudyInstanceUID = '1.2.826.0.1.3680043.99.' + n + '.1'
      d.SeriesInstanceUID = '1.2.826.0.1.3680043.99.' + n + '.2'
      d.SOPInstanceUID = '1.2.826.0.1.3680043.99.' + n + '.3'; d.file_meta.MediaStorageSOPInstanceUID = d.SOPInstanceUID
      d.FrameOfReferenceUID = '1.2.826.0.1.3680043.99.' + n + '.4'
      d.StudyDate = '20240102'; d.SeriesDate = '20240103'; d.AcquisitionDate = '20240104'; d.ContentDate = '20240105'
      d.StudyTime = '111111'; d.SeriesTime = '121212'; d.AcquisitionTime = '131313'; d.ContentTime = '141414'
      d.AcquisitionDateTime = '20240106151515'
      ref = Dataset(); ref.ReferencedSOPClassUID = d.SOPClassUID
      ref.ReferencedSOPInstanceUID = '1.2.826.0.1.3680043.99.' + n + '.5'
      ref.add_new(0x00291010, 'LO', 'NESTED PRIVATE CREATOR'); ref.add_new(0x00291011, 'LO', 'nested private value')
      d.ReferencedImageSequence = [ref]
      req = Dataset(); req.ScheduledProcedureStepStartDate = '20240107'; req.ScheduledProcedureStepStartTime = '161616'
      req.RequestedProcedureID = 'REQ-' + pid
      d.RequestAttributesSequence = [req]
      d.add_new(0x00090010, 'LO', 'DOE PRIVATE CREATOR'); d.add_new(0x00091001, 'LO', 'private value ' + pid)
      d.add_new(0x00190010, 'LO', 'OTHER CREATOR'); d.add_new(0x00191002, 'DA', '20240108')
      d.save_as(sys.argv[2])
      """;

  static Path study1, study2, other, out1, out2, outOther, outOtherKey;

  @BeforeAll
  static void plantAndDeidentify() throws Exception {
    Path mr = DataSet.file("pydicom/MR_small.dcm");
    study1 = tmp.resolve("p1-study1.dcm");
    study2 = tmp.resolve("p1-study2.dcm");
    other = tmp.resolve("p2-study3.dcm");
    Tools.python(PLANT, mr.toString(), study1.toString(), "MRN-4711", "1");
    Tools.python(PLANT, mr.toString(), study2.toString(), "MRN-4711", "2");
    Tools.python(PLANT, mr.toString(), other.toString(), "MRN-0815", "3");
    out1 = tmp.resolve("out/1.dcm");
    out2 = tmp.resolve("out/2.dcm");
    outOther = tmp.resolve("out/3.dcm");
    outOtherKey = tmp.resolve("out/1-other-key.dcm");
    Files.createDirectories(out1.getParent());
    new Deidentifier(KEY).copy(study1, out1);
    new Deidentifier(KEY).copy(study2, out2); // another instance of the de-identifier, the same key
    new Deidentifier(KEY).copy(other, outOther);
    new Deidentifier(OTHER_KEY).copy(study1, outOtherKey);
  }

  @Test
  void datesAndTimesAreRemovedWhereverTheySit() throws Exception {
    String report = Tools.python("""
        import sys, pydicom
        def dated(path):
            d = pydicom.dcmread(path); found = []
            for ds in (d.file_meta, d):
                for e in ds.iterall():
                    if e.VR in ('DA', 'DT', 'TM') and e.value not in (None, '', b''): found.append('%s %s=%s' % (e.tag, e.keyword, e.value))
            return found
        left = dated(sys.argv[1]); print('dates=%d' % len(left), 'before=%d' % len(dated(sys.argv[2])), *left)
        """, out1.toString(), study1.toString());
    // 14 planted (study, series, acquisition, content and birth dates and times, a date-time, two in a sequence, a private
    // one)
    // and MR_small's own instance creation date and time.
    assertEquals("dates=0 before=16", report);
  }

  @Test
  void privateAttributesAreRemovedWhereverTheySit() throws Exception {
    assertEquals("private=0 before=6", Tools.python("""
        import sys, pydicom
        def private(path):
            return [str(e.tag) for e in pydicom.dcmread(path).iterall() if e.tag.is_private]
        left = private(sys.argv[1]); print('private=%d' % len(left), 'before=%d' % len(private(sys.argv[2])), *left)
        """, out1.toString(), study1.toString()));
    String bytes = new String(Files.readAllBytes(out1), StandardCharsets.ISO_8859_1);
    for (String v : new String[] {"nested private value", "private value MRN-4711", "DOE PRIVATE CREATOR", "REQ-MRN-4711", "DOE^"}) {
      assertFalse(bytes.contains(v), "left in the file: " + v);
    }
  }

  /** Python's hmac computes what docs/batch.md says: 2.25 and the first 16 bytes of HMAC-SHA256(key, "uid:" + UID). */
  @Test
  void everyInstanceUidIsReplacedByItsKeyedUidAndDicomUidsAreKept() throws Exception {
    String report = Tools.python("""
        import sys, hmac, hashlib, pydicom
        from pydicom.valuerep import PersonName
        key = bytes.fromhex(sys.argv[3])
        def keyed(u): return '2.25.' + str(int.from_bytes(hmac.new(key, ('uid:' + u).encode(), hashlib.sha256).digest()[:16], 'big'))
        src, out = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])
        def uids(d):
            # The data set's UIDs and the meta header's copy of the SOP Instance UID (the meta header's Implementation
            # Class UID names the software that wrote the file, not anything of the patient).
            return [(e.tag, str(e.value)) for e in d.iterall() if e.VR == 'UI' and e.value] + [(e.tag, str(e.value)) for e in d.file_meta if e.tag == 0x00020003]
        bad = []
        for (tag, a), (tag2, b) in zip(uids(src), uids(out)):
            want = a if a.startswith('1.2.840.10008.') else keyed(a)
            if tag != tag2 or b != want: bad.append('%s %s -> %s, want %s' % (tag, a, b, want))
        replaced = sum(1 for t, a in uids(src) if not a.startswith('1.2.840.10008.'))
        print('uids=%d replaced=%d' % (len(uids(out)), replaced), *bad)
        """, study1.toString(), out1.toString(), HexFormat.of().formatHex(KEY));
    // Study, Series, SOP (and the meta header's copy), Frame of Reference, the referenced image and MR_small's Instance
    // Creator UID replaced; the SOP class of the image and of the reference kept.
    assertEquals("uids=9 replaced=7", report);
    String bytes = new String(Files.readAllBytes(out1), StandardCharsets.ISO_8859_1);
    assertFalse(bytes.contains("1.2.826.0.1.3680043.99."), "an original instance UID is left");
  }

  @Test
  void thePseudonymIsKeyedAndStableAcrossStudiesOfOnePatient() throws Exception {
    String script = """
        import sys, hmac, hashlib, pydicom
        key = bytes.fromhex(sys.argv[1])
        print('ANON' + hmac.new(key, ('patient:' + sys.argv[2]).encode(), hashlib.sha256).digest()[:5].hex().upper())
        """;
    String pseudonym = Tools.python(script, HexFormat.of().formatHex(KEY), "MRN-4711");
    String read = """
        import sys, pydicom
        for f in sys.argv[1:]:
            d = pydicom.dcmread(f)
            print(d.PatientName, d.PatientID, d.StudyInstanceUID, d.PatientIdentityRemoved, d.DeidentificationMethodCodeSequence[0].CodeValue)
        """;
    String[] lines = Tools.python(read, out1.toString(), out2.toString(), outOther.toString(), outOtherKey.toString()).split("\n");
    String[][] f = new String[4][];
    for (int i = 0; i < 4; i++) f[i] = lines[i].split(" ");
    assertEquals(pseudonym, f[0][0], "name: the keyed pseudonym of the patient ID");
    assertEquals(pseudonym, f[0][1]);
    assertEquals("YES", f[0][3]);
    assertEquals("113100", f[0][4]);
    assertEquals(pseudonym, f[1][1], "another study of the same patient: the same pseudonym");
    assertNotEquals(f[0][2], f[1][2], "and another study UID");
    assertNotEquals(pseudonym, f[2][1], "another patient: another pseudonym");
    assertEquals(Tools.python(script, HexFormat.of().formatHex(KEY), "MRN-0815"), f[2][1]);
    assertNotEquals(pseudonym, f[3][1], "another key: another pseudonym");
    assertNotEquals(f[0][2], f[3][2], "another key: other UIDs");
    assertEquals(new Deidentifier(KEY).pseudonym("MRN-4711"), pseudonym);
    assertEquals(new Deidentifier(KEY).uid("1.2.3"), new Deidentifier(KEY.clone()).uid("1.2.3"));
  }

  @Test
  void tokensAreKeyedAndNamedByTheirPrefix() throws Exception {
    String t = new Deidentifier(KEY).token("input", "/data/DOE_JOHN/IM1.dcm");
    assertEquals(Tools.python("""
        import sys, hmac, hashlib
        print('input-' + hmac.new(bytes.fromhex(sys.argv[1]), b'input:/data/DOE_JOHN/IM1.dcm', hashlib.sha256).digest()[:8].hex())
        """, HexFormat.of().formatHex(KEY)), t);
    assertNotEquals(t, new Deidentifier(OTHER_KEY).token("input", "/data/DOE_JOHN/IM1.dcm"));
  }

  @Test
  void pixelsAreBlankedForUltrasoundThatMayCarryTextAndRefusedForOtherImagesThatDo() throws Exception {
    Path f = Path.of("x.dcm");
    assertEquals(Deidentifier.PixelAction.KEEP, Deidentifier.pixelAction(f, "US", "NO"));
    assertEquals(Deidentifier.PixelAction.BLANK_OUTSIDE_IMAGING_AREA, Deidentifier.pixelAction(f, "US", "YES"));
    assertEquals(Deidentifier.PixelAction.BLANK_OUTSIDE_IMAGING_AREA, Deidentifier.pixelAction(f, " US ", ""), "absent: may carry text");
    assertEquals(Deidentifier.PixelAction.KEEP, Deidentifier.pixelAction(f, "MR", ""));
    assertEquals(Deidentifier.PixelAction.KEEP, Deidentifier.pixelAction(f, "MR", "NO"));
    DicomFileException mr = assertThrows(DicomFileException.class, () -> Deidentifier.pixelAction(f, "MR", "YES"));
    assertTrue(mr.getMessage().contains("Burned In Annotation is YES on a MR image"), mr.getMessage());
    DicomFileException none = assertThrows(DicomFileException.class, () -> Deidentifier.pixelAction(f, null, "YES"));
    assertTrue(none.getMessage().contains("on a non-ultrasound image"), none.getMessage());
    DicomFileException odd = assertThrows(DicomFileException.class, () -> Deidentifier.pixelAction(f, "../x", "YES"));
    assertTrue(odd.getMessage().contains("on a OT image"), "a modality is named only when it is a modality: " + odd.getMessage());
    assertEquals("", Deidentifier.burnedInAnnotation(DataSet.file("pydicom/MR_small.dcm")), "absent");
    Path yes = tmp.resolve("says-yes.dcm");
    Tools.python("import sys, pydicom\nd = pydicom.dcmread(sys.argv[1]); d.BurnedInAnnotation = 'yes '; d.save_as(sys.argv[2])",
        DataSet.file("pydicom/MR_small.dcm").toString(), yes.toString());
    assertEquals("YES", Deidentifier.burnedInAnnotation(yes), "read trimmed and upper case");
  }

  @Test
  void optionsDescribeWhatIsKept() {
    assertEquals("basic", Deidentifier.Options.basic().describe());
    assertEquals("basic+descriptions+institution", new Deidentifier.Options(true, false, true, false).describe());
    assertEquals("basic+device+patient-characteristics", new Deidentifier.Options(false, true, false, true).describe());
  }
}
