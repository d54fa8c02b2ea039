package org.crossmodal.evaluation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.crossmodal.inference.PseudoLabeller;
import org.crossmodal.inference.UltrasoundFrame;
import org.junit.jupiter.api.Test;

/** Expected calibration error, the reliability bins and the kept labels' accuracy, counted by hand. */
class CalibrationTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");

  @Test
  @SuppressWarnings("unchecked")
  void binsEceAndKeptAccuracyOfSixPixelsOneOutsideTheImagingArea() {
    byte[] truth = {1, 1, 2, 0, 0, 2};
    byte[] pred = {1, 2, 2, 0, 1, 2};
    float[] conf = {0.95f, 0.91f, 0.35f, 1.0f, 0.05f, 0.7f};
    byte[] kept = {1, PseudoLabeller.IGNORED, 2, 0, 1, PseudoLabeller.IGNORED};
    boolean[] sector = {true, true, true, true, true, false};
    var square = new UltrasoundFrame.Square(null, new float[6], sector, truth);
    var frame = new PseudoLabeller.Frame(kept, conf, new float[6], pred);
    Map<String, Object> m = Calibration.of(List.of(square), List.of(frame), CLASSES);

    // Inside the area: bin 9 holds 0.95 (right), 0.91 (wrong) and 1.0 (right, the top bin is closed);
    // bin 3 holds 0.35 (right); bin 0 holds 0.05 (wrong). The pixel outside (0.7) is in no bin.
    List<Map<String, Object>> bins = (List<Map<String, Object>>) m.get("reliability");
    assertEquals(10, bins.size());
    long[] pixels = new long[10];
    for (int b = 0; b < 10; b++) {
      pixels[b] = ((Number) bins.get(b).get("pixels")).longValue();
      assertEquals(b / 10.0, (Double) bins.get(b).get("from"), 1e-12);
      assertEquals((b + 1) / 10.0, (Double) bins.get(b).get("to"), 1e-12);
      assertEquals(pixels[b] > 0, bins.get(b).containsKey("accuracy"), "bin " + b + " has figures exactly when it has pixels");
    }
    assertArrayEquals(new long[] {1, 0, 0, 1, 0, 0, 0, 0, 0, 3}, pixels);
    assertEquals((0.95 + 0.91 + 1.0) / 3, (Double) bins.get(9).get("meanConfidence"), 1e-6);
    assertEquals(2.0 / 3, (Double) bins.get(9).get("accuracy"), 1e-12);
    assertEquals(1.0, (Double) bins.get(3).get("accuracy"), 1e-12);
    assertEquals(0.0, (Double) bins.get(0).get("accuracy"), 1e-12);
    double ece = 3 / 5.0 * Math.abs(2.0 / 3 - (0.95 + 0.91 + 1.0) / 3) + 1 / 5.0 * Math.abs(1 - 0.35) + 1 / 5.0 * Math.abs(0 - 0.05);
    assertEquals(0.312, ece, 1e-9);
    assertEquals(ece, (Double) m.get("expectedCalibrationError"), 1e-6);

    // Kept labels: background 1 of 1 right, brain 1 of 2 (pixel 4 is background), deep grey 1 of 1.
    assertEquals(Map.of("background", 1.0, "brain", 0.5, "deep_grey", 1.0), m.get("keptAccuracy"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void framesArePooledAndAClassNeverKeptHasAccuracyZero() {
    boolean[] all = {true, true};
    var a = new UltrasoundFrame.Square(null, new float[2], all, new byte[] {0, 1});
    var b = new UltrasoundFrame.Square(null, new float[2], all, new byte[] {1, 1});
    var fa = new PseudoLabeller.Frame(new byte[] {0, 1}, new float[] {0.55f, 0.55f}, new float[2], new byte[] {0, 1});
    var fb = new PseudoLabeller.Frame(new byte[] {-1, 0}, new float[] {0.55f, 0.15f}, new float[2], new byte[] {0, 0});
    Map<String, Object> m = Calibration.of(List.of(a, b), List.of(fa, fb), CLASSES);
    // Bin 5: three pixels at 0.55, two right -> |2/3 − 0.55|; bin 1: one at 0.15, wrong -> |0 − 0.15|.
    assertEquals(3 / 4.0 * Math.abs(2.0 / 3 - 0.55) + 1 / 4.0 * 0.15, (Double) m.get("expectedCalibrationError"), 1e-6);
    // Kept: background at a[0] (right) and b[1] (truth brain: wrong); brain at a[1] (right); deep grey never.
    assertEquals(Map.of("background", 0.5, "brain", 1.0, "deep_grey", 0.0), m.get("keptAccuracy"));
    assertEquals(3L, ((Number) ((List<Map<String, Object>>) m.get("reliability")).get(5).get("pixels")).longValue());
  }
}
