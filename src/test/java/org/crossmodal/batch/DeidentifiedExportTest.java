package org.crossmodal.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Research export: identifiers planted in a copy of the real echo appear in none of the outputs,
 * while the de-identified SEG still references its de-identified sources and both pass the validators.
 */
class DeidentifiedExportTest {
  private static final List<String> PLANTED = List.of("PLANTED^PATIENT", "PLANTED-ID-4711", "19510403",
      "PLANTED GENERAL HOSPITAL", "PLANTED^REFERRER", "ACC-PLANTED-99");

  @Test
  void outputsCarryNoIdentifiersAndStillReferenceTheirSources(@TempDir Path dir) throws Exception {
    Path in = Files.createDirectories(dir.resolve("in")).resolve("echo.dcm");
    Tools.python("""
        import sys, pydicom
        d = pydicom.dcmread(sys.argv[1])
        d.PatientName = 'PLANTED^PATIENT'; d.PatientID = 'PLANTED-ID-4711'; d.PatientBirthDate = '19510403'
        d.InstitutionName = 'PLANTED GENERAL HOSPITAL'; d.ReferringPhysicianName = 'PLANTED^REFERRER'
        d.AccessionNumber = 'ACC-PLANTED-99'; d.StudyDate = '20240102'
        d.save_as(sys.argv[2])
        """, DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm").toString(), in.toString());
    String studyUid = Tools.python("import sys, pydicom; print(pydicom.dcmread(sys.argv[1]).StudyInstanceUID)", in.toString());

    BatchConfig c = new BatchConfig();
    c.model = TinyModel.save(dir.resolve("tiny.model.zip"), 0);
    c.inputs = List.of(in.getParent());
    c.out = dir.resolve("out");
    c.deidentify = true;
    c.keyFile = dir.resolve("keys/deidentify.key");
    c.threads = 1;
    BatchSummary s = BatchJob.run(c, BatchListener.NONE);
    assertEquals(1, s.done(), s.toString());

    List<Path> outputs;
    try (Stream<Path> w = Files.walk(c.out)) {
      outputs = w.filter(Files::isRegularFile).toList();
    }
    assertTrue(outputs.stream().noneMatch(f -> f.getFileName().toString().endsWith(".key")), "the key stays outside: " + outputs);
    List<String> planted = new ArrayList<>(PLANTED);
    planted.add(studyUid);
    for (Path f : outputs) {
      String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
      for (String p : planted) assertFalse(text.contains(p), f + " contains " + p);
    }

    StudyStatus st = Json.read(c.out.resolve(s.studies().get(0).study()).resolve(StudyStatus.FILE), StudyStatus.class);
    Path study = c.out.resolve(st.study());
    Path seg = study.resolve(st.series().get(0).segmentation());
    Path overlay = study.resolve(st.series().get(0).overlay());
    Path source = study.resolve(st.series().get(0).sources().get(0));
    List<Path> files = List.of(source, seg, overlay);
    for (Path f : List.of(seg, overlay)) assertEquals(List.of(), DicomValidators.iodErrors(f, List.of(source)), f.toString());
    // The source copy keeps the echo's own faults (missing Type 2 attributes) and adds none.
    List<String> original = DicomValidators.iodErrors(in, List.of());
    for (String e : DicomValidators.iodErrors(source, List.of())) assertTrue(original.contains(e), "a new fault: " + e);
    assertEquals(List.of(), DicomValidators.entityErrors(files));
    assertEquals("True True YES True", Tools.python("""
        import sys, pydicom
        seg = pydicom.dcmread(sys.argv[1]); src = pydicom.dcmread(sys.argv[2])
        ref = seg.ReferencedSeriesSequence[0].ReferencedInstanceSequence[0].ReferencedSOPInstanceUID
        print(ref == src.SOPInstanceUID, seg.PatientID == src.PatientID and seg.PatientID.startswith('ANON'),
              seg.PatientIdentityRemoved, seg.StudyInstanceUID == src.StudyInstanceUID)
        """, seg.toString(), source.toString()));

    // A re-run finds the same pseudonymous study and skips it.
    assertEquals(Set.of(StudyOutcome.SKIPPED), Set.copyOf(BatchJob.run(c, BatchListener.NONE).studies().stream()
        .map(StudyOutcome::outcome).toList()));
  }
}
