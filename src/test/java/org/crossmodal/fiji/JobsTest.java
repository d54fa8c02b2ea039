package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two training commands started in one ImageJ (libtorch allows one gradient recorder per process;
 * before, the second failed with "A PtGradientCollector is already collecting"): the second waits
 * for the first, says so, and then runs.
 */
class JobsTest {
  @Test
  void aSecondTrainingWaitsForTheFirstAndSaysSo() throws Exception {
    List<String> order = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch teacherRunning = new CountDownLatch(1), release = new CountDownLatch(1);
    PrintStream out = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Thread teacher = new Thread(() -> Jobs.training("Train MRI Teacher", () -> {
        order.add("teacher started");
        teacherRunning.countDown();
        assertTrue(release.await(60, TimeUnit.SECONDS));
        order.add("teacher ended");
      }));
      teacher.start();
      assertTrue(teacherRunning.await(60, TimeUnit.SECONDS));
      Thread student = new Thread(() -> Jobs.training("Train Student", () -> order.add("student started")));
      student.start();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!captured.toString(StandardCharsets.UTF_8).contains("Train Student: waiting") && System.nanoTime() < end) Thread.sleep(50);
      assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Train Student: waiting for Train MRI Teacher to finish (one "
          + "training at a time; Esc stops waiting)"), captured.toString(StandardCharsets.UTF_8));
      assertEquals(List.of("teacher started"), List.copyOf(order), "the student does not start while the teacher trains");
      release.countDown();
      teacher.join(60_000);
      student.join(60_000);
      assertEquals(List.of("teacher started", "teacher ended", "student started"), List.copyOf(order));
      assertFalse(captured.toString(StandardCharsets.UTF_8).contains("failed"), captured.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
    }
  }
}
