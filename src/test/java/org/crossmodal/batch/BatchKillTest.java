package org.crossmodal.batch;

import static org.junit.jupiter.api.Assertions.*;

import com.pixelmed.dicom.UIDGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.UltrasoundImageWriter;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.CliProcess;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 a batch the moment it reports its third study done: the re-run skips exactly the studies whose status
 * says done, does the others, and no half-written file outlives the kill.
 */
class BatchKillTest {
  private static final int STUDIES = 40;

  @Test
  void reRunAfterAKillSkipsTheDoneStudiesAndFinishesTheRest(@TempDir Path tmp) throws Exception {
    Path inputs = Files.createDirectories(tmp.resolve("studies"));
    Random r = new Random(3);
    UIDGenerator uids = new UIDGenerator();
    for (int i = 0; i < STUDIES; i++) {
      List<byte[]> frames = new ArrayList<>();
      for (int k = 0; k < 6; k++) {
        byte[] px = new byte[192 * 192];
        r.nextBytes(px);
        frames.add(px);
      }
      UltrasoundImageWriter.write(inputs.resolve("us-" + i + ".dcm"), StudyContext.synthetic(uids.getAnotherNewUID(), "20260101",
          "120000"), frames, 192, 192, 0.3, 33.3, "SYNTHETIC", "SYNTHETIC: random pixels", "20260101120000");
    }
    Path model = TinyModel.save(tmp.resolve("tiny.model.zip"), 0);
    Path out = tmp.resolve("out");
    String[] args = {"batch", "--model", model.toString(), inputs.toString(), "--out", out.toString(), "--workers", "1",
        "--threads", "1", "--json"};

    // A study's row is printed after its status file is written: kill the moment the third "done" row arrives.
    AtomicInteger rows = new AtomicInteger();
    CliProcess.watch(tmp.resolve("first.log"), l -> l.contains("\"outcome\":\"done\"") && rows.incrementAndGet() == 3, args).killed();
    List<String> doneBefore = done(out);
    assertTrue(doneBefore.size() >= 3 && doneBefore.size() < STUDIES, "killed after " + doneBefore.size() + " studies: "
        + Files.readString(tmp.resolve("first.log")));

    String log = CliProcess.finish(tmp.resolve("second.log"), args);
    BatchSummary s = Json.read(out.resolve(BatchSummary.FILE), BatchSummary.class);
    assertEquals(0, s.failed(), log);
    List<String> skipped = s.studies().stream().filter(o -> o.outcome().equals(StudyOutcome.SKIPPED)).map(StudyOutcome::study)
        .sorted().toList();
    assertEquals(doneBefore, skipped, "exactly the studies done before the kill are skipped");
    assertEquals(STUDIES - doneBefore.size(), s.done());
    assertEquals(STUDIES, done(out).size());
    assertEquals(List.of(), CliProcess.leftovers(out));
    try (Stream<Path> w = Files.walk(out)) {
      assertEquals(2 * STUDIES, w.filter(p -> p.toString().endsWith("-seg.dcm") || p.toString().endsWith("-overlay.dcm")).count());
    }
  }

  /** Studies whose status says done, by folder name. */
  private static List<String> done(Path out) throws Exception {
    if (!Files.isDirectory(out)) return List.of();
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(out)) {
      for (Path d : s.filter(Files::isDirectory).toList()) {
        Path f = d.resolve(StudyStatus.FILE);
        if (Files.isRegularFile(f) && Json.read(f, StudyStatus.class).state().equals(StudyStatus.DONE)) names.add(d.getFileName().toString());
      }
    }
    names.sort(null);
    return names;
  }
}
