package org.crossmodal.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.Segmenter;
import org.crossmodal.inference.UltrasoundFrame;

/**
 * Label-free scores for choosing a student on validation ultrasound (inside the imaging area):
 * {@code flipAgreement}, the mean foreground Dice between the prediction for a frame and for its
 * mirror image (mirrored back), and {@code entropy}, the negated mean predictive entropy. Where
 * frames have truth, {@code trueDice} over those frames is added for the report only; selection never reads it.
 */
public final class SelectionScores {
  private SelectionScores() {}

  public static Map<String, Object> of(LoadedModel model, int domain, List<UltrasoundFrame.Square> frames) {
    Segmenter s = new Segmenter(model, 16, domain);
    List<String> classes = model.descriptor().classes();
    int size = model.descriptor().inputSize();
    List<float[]> images = frames.stream().map(UltrasoundFrame.Square::image).toList();
    List<float[][]> plain = s.predictSquares(images, Segmenter.Options.plain());
    List<float[][]> mirrored = s.predictSquares(images.stream().map(i -> mirror(i, size)).toList(), Segmenter.Options.plain());
    List<byte[]> a = new ArrayList<>(), b = new ArrayList<>(), truth = new ArrayList<>(), truthPred = new ArrayList<>();
    double entropy = 0;
    long inside = 0;
    for (int f = 0; f < frames.size(); f++) {
      boolean[] sector = frames.get(f).sector();
      float[][] p = plain.get(f);
      byte[] la = Segmenter.argmax(p), lb = Segmenter.argmax(mirror(mirrored.get(f), size));
      byte[] t = frames.get(f).truth();
      for (int i = 0; i < sector.length; i++) {
        if (!sector[i]) {
          la[i] = -1; // outside the imaging area nothing is scored
          continue;
        }
        for (float[] pc : p) entropy -= pc[i] > 0 ? pc[i] * Math.log(pc[i]) : 0;
        inside++;
      }
      a.add(la);
      b.add(lb);
      if (t != null) {
        byte[] tm = t.clone();
        for (int i = 0; i < sector.length; i++) if (!sector[i]) tm[i] = -1;
        truth.add(tm);
        byte[] pm = la.clone();
        for (int i = 0; i < pm.length; i++) if (pm[i] < 0) pm[i] = 0;
        truthPred.add(pm);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("flipAgreement", Dice.perClass(b, a, classes).meanForeground());
    out.put("entropy", -entropy / Math.max(1, inside));
    // Real frames have no truth: the true Dice is over the (simulated) frames that do.
    if (!truth.isEmpty()) out.put("trueDice", Dice.perClass(truthPred, truth, classes).values());
    return out;
  }

  private static float[] mirror(float[] img, int n) {
    float[] out = new float[img.length];
    for (int y = 0; y < n; y++) for (int x = 0; x < n; x++) out[y * n + x] = img[y * n + n - 1 - x];
    return out;
  }

  private static float[][] mirror(float[][] probs, int n) {
    float[][] out = new float[probs.length][];
    for (int c = 0; c < probs.length; c++) out[c] = mirror(probs[c], n);
    return out;
  }
}
