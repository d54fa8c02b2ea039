package org.crossmodal.evaluation;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.io.Json;
import org.crossmodal.model.Segmenter;
import org.junit.jupiter.api.Test;

/**
 * Dice at pixel level on cases small enough to count by hand: 2|P∩T| / (|P| + |T|) per class, pooled
 * over images (not averaged), a class absent from prediction and truth scoring 1, a class predicted
 * but absent from the truth scoring 0, and truth label −1 ignored whatever was predicted there.
 */
class DiceTest {
  private static final List<String> CLASSES = List.of("background", "brain", "deep_grey");

  @Test
  void countsPerClassAreIntersectionPredictedAndTrueWithIgnoredPixelsLeftOut() {
    byte[] pred = {0, 1, 1, 2, 0, 1, 2};
    byte[] truth = {0, 1, 2, 2, 1, -1, -1};
    // Counted by hand over the first five pixels (the last two are ignored):
    //   class 0: predicted at 0, 4; true at 0;       both at 0
    //   class 1: predicted at 1, 2; true at 1, 4;    both at 1
    //   class 2: predicted at 3;    true at 2, 3;    both at 3
    long[][] n = Dice.counts(pred, truth, 3);
    assertArrayEquals(new long[] {1, 1, 1}, n[0], "|P∩T|");
    assertArrayEquals(new long[] {2, 2, 1}, n[1], "|P|");
    assertArrayEquals(new long[] {1, 2, 2}, n[2], "|T|");

    ClassDice d = Dice.perClass(List.of(pred), List.of(truth), CLASSES);
    assertEquals(2.0 / 3, d.get("background"), 1e-12);
    assertEquals(2.0 / 4, d.get("brain"), 1e-12);
    assertEquals(2.0 / 3, d.get("deep_grey"), 1e-12);
    assertEquals((0.5 + 2.0 / 3) / 2, d.meanForeground(), 1e-12, "the mean leaves the background out");
  }

  @Test
  void anIgnoredPixelCountsForNoClassWhateverWasPredictedThere() {
    // Everything right except pixels whose truth is ignored: a perfect score.
    byte[] pred = {1, 1, 2, 0, 2};
    byte[] truth = {1, -1, 2, 0, -1};
    ClassDice d = Dice.perClass(List.of(pred), List.of(truth), CLASSES);
    assertEquals(Map.of("background", 1.0, "brain", 1.0, "deep_grey", 1.0, "meanForeground", 1.0), d.values());
    long[][] n = Dice.counts(pred, truth, 3);
    assertArrayEquals(new long[] {1, 1, 1}, n[1], "the ignored pixels were predicted 1 and 2 but count nowhere");
  }

  @Test
  void aClassAbsentFromBothScoresOneAndAClassPredictedButAbsentScoresZero() {
    byte[] truth = {0, 0, 1, 1};
    ClassDice none = Dice.perClass(List.of(new byte[] {0, 0, 1, 1}), List.of(truth), CLASSES);
    assertEquals(1.0, none.get("deep_grey"), 0, "absent from prediction and truth");
    assertEquals(1.0, none.meanForeground(), 0);

    ClassDice falseAlarm = Dice.perClass(List.of(new byte[] {0, 2, 1, 1}), List.of(truth), CLASSES);
    assertEquals(0.0, falseAlarm.get("deep_grey"), 0, "predicted once, never true");
    assertEquals(2.0 * 1 / (1 + 2), falseAlarm.get("background"), 1e-12);
    assertEquals(1.0, falseAlarm.get("brain"), 0);
    assertEquals(0.5, falseAlarm.meanForeground(), 1e-12);

    ClassDice missed = Dice.perClass(List.of(new byte[] {0, 0, 0, 0}), List.of(truth), CLASSES);
    assertEquals(0.0, missed.get("brain"), 0, "true twice, never predicted");
    assertEquals(2.0 * 2 / (4 + 2), missed.get("background"), 1e-12);
  }

  @Test
  void imagesArePooledNotAveraged() {
    // Image 1: brain predicted at 0, 1, true at 0 -> 1 shared, 2 predicted, 1 true.
    // Image 2: brain everywhere in both -> 4, 4, 4.  Pooled: 2·5 / (6 + 5) = 10/11, not (2/3 + 1)/2.
    List<byte[]> pred = List.of(new byte[] {1, 1, 0, 0}, new byte[] {1, 1, 1, 1});
    List<byte[]> truth = List.of(new byte[] {1, 0, 0, 0}, new byte[] {1, 1, 1, 1});
    ClassDice d = Dice.perClass(pred, truth, CLASSES);
    assertEquals(10.0 / 11, d.get("brain"), 1e-12);
    assertEquals(2.0 * 2 / (2 + 3), d.get("background"), 1e-12);
    assertEquals(1.0, d.get("deep_grey"), 0);
    assertEquals((10.0 / 11 + 1) / 2, d.meanForeground(), 1e-12);

    long[][] sum = new long[3][3];
    Dice.add(sum, Dice.counts(pred.get(0), truth.get(0), 3));
    Dice.add(sum, Dice.counts(pred.get(1), truth.get(1), 3));
    assertArrayEquals(new long[][] {{2, 5, 0}, {2, 6, 0}, {3, 5, 0}}, sum);
    assertEquals(d, Dice.fromCounts(sum, CLASSES));
  }

  @Test
  void predictionsAreScoredAgainstTheFramesTruthAndAFrameWithoutTruthIsRefusedByName() {
    boolean[] all = {true, true, true, true};
    UltrasoundFrame a = new UltrasoundFrame("a#1", 0, 2, 2, 0, new float[4], all, new byte[] {0, 1, 1, 2});
    UltrasoundFrame b = new UltrasoundFrame("a#2", 0, 2, 2, 0, new float[4], all, new byte[] {0, 0, 2, 2});
    List<Segmenter.Prediction> p = List.of(new Segmenter.Prediction(2, 2, null, new byte[] {0, 1, 0, 2}),
        new Segmenter.Prediction(2, 2, null, new byte[] {0, 0, 2, 1}));
    ClassDice d = Dice.of(p, List.of(a, b), CLASSES);
    // background: P at 0,2 | 0,1 = 4; T at 0 | 0,1 = 3; both 0 | 0,1 = 3 -> 6/7
    // brain:      P at 1 | 3 = 2;     T at 1,2 | - = 2; both 1 = 1        -> 2/4
    // deep_grey:  P at 3 | 2 = 2;     T at 3 | 2,3 = 3; both 3 | 2 = 2    -> 4/5
    assertEquals(6.0 / 7, d.get("background"), 1e-12);
    assertEquals(0.5, d.get("brain"), 1e-12);
    assertEquals(0.8, d.get("deep_grey"), 1e-12);

    UltrasoundFrame unlabelled = new UltrasoundFrame("echo#3", 0, 2, 2, 0, new float[4], all, null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dice.of(p, List.of(a, unlabelled), CLASSES));
    assertTrue(e.getMessage().contains("echo#3"), e.getMessage());
  }

  @Test
  void inJsonItIsThePlainObjectMetricsFilesHold() throws Exception {
    ClassDice d = Dice.perClass(List.of(new byte[] {0, 1, 1, 2}), List.of(new byte[] {0, 1, 2, 2}), CLASSES);
    assertEquals("{\"background\":1.0,\"brain\":0.6666666666666666,\"deep_grey\":0.6666666666666666,"
        + "\"meanForeground\":0.6666666666666666}", Json.MAPPER.writer().without(
            com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT).writeValueAsString(d));
    assertEquals(d, Json.MAPPER.readValue("{\"background\":1.0,\"brain\":0.6666666666666666,\"deep_grey\":0.6666666666666666,"
        + "\"meanForeground\":0.6666666666666666}", ClassDice.class));
  }
}
