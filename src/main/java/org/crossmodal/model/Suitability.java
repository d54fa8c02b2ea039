package org.crossmodal.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.crossmodal.data.ImageOrigin;
import org.crossmodal.data.InputFit;

/**
 * Whether an input is what a model was trained for: its Modality, its Body Part Examined (or, when
 * it has none, its descriptions, so a reader can judge), its scale against the model's field of
 * view, and its grey values against the training images'. Each mismatch is one plain sentence; an
 * empty list means nothing speaks against the input. The results are still computed: a warning
 * informs, it does not refuse.
 */
public final class Suitability {
  private Suitability() {}

  /**
   * Warnings for {@code name} (what the user calls the input), whose origin is {@code origin}, fitted
   * to the network as {@code fit}, with grey values {@code frames}.
   */
  public static List<String> check(ModelDescriptor d, String name, ImageOrigin origin, InputFit fit, List<float[]> frames) {
    List<String> out = new ArrayList<>();
    TrainedFor t = d.trainedFor();
    if (t == null) {
      out.add("the model file does not record what it was trained for (written by an older version): check yourself that "
          + name + " suits a " + d.kind() + " segmenting " + String.join(", ", d.classes()));
      if (fit.pixelMm() <= 0) out.add(uncalibrated(name));
      return out;
    }
    String modality = origin.modality();
    if (modality.isBlank()) {
      out.add(name + " does not say its modality; the model was trained for " + t.describe());
    } else if (!t.modalities().contains(modality)) {
      out.add(name + " is " + modality + ", but the model was trained on " + String.join(" and ", t.modalities()) + " only"
          + (modality.equals(TrainedFor.US) ? " (a teacher: on ultrasound it gives the unadapted baseline)" : "")
          + ": its labels may mean nothing");
    }
    String part = origin.bodyPartExamined();
    if (!part.isBlank() && !t.bodyParts().isEmpty() && !t.bodyParts().contains(part.toUpperCase(Locale.ROOT))) {
      out.add(name + " shows " + part + " (Body Part Examined), but the model was trained on " + t.anatomy() + ": its labels ("
          + String.join(", ", d.classes().subList(1, d.classes().size())) + ") do not describe that anatomy");
    } else if (part.isBlank() && !t.anatomy().isBlank()) {
      List<String> said = new ArrayList<>();
      if (!origin.studyDescription().isBlank()) said.add("study \"" + origin.studyDescription() + "\"");
      if (!origin.seriesDescription().isBlank()) said.add("series \"" + origin.seriesDescription() + "\"");
      out.add(name + " does not say what anatomy it shows (no Body Part Examined" + (said.isEmpty() ? "" : "; " + String.join(", ", said))
          + "); the model was trained on " + t.anatomy() + ": check that it shows " + t.anatomy());
    }
    if (fit.pixelMm() <= 0) {
      out.add(uncalibrated(name));
    } else if (d.fieldOfViewMm() > 0) {
      int[] box = fit.areaBox();
      double extent = Math.max(box[2] - box[0], box[3] - box[1]) * fit.pixelMm();
      if (extent < 0.25 * d.fieldOfViewMm()) {
        out.add(String.format(Locale.ROOT, "%s covers %.0f mm, the model's training images %.0f mm: it sees a small part of what "
            + "it was trained on", name, extent, d.fieldOfViewMm()));
      } else if (fit.windows().size() > 1 || fit.side() * fit.pixelMm() > d.fieldOfViewMm() * 1.01) {
        out.add(name + ": " + fit.how());
      }
    }
    double[] range = t.inputRange().get(modality.isBlank() ? TrainedFor.MR : modality);
    if (range != null && !frames.isEmpty()) {
      float[] mine = percentiles(frames);
      double span = range[1] - range[0], own = mine[1] - mine[0];
      if (own <= 0 || span > 0 && own < span / 100) {
        out.add(String.format(Locale.ROOT, "%s has grey values %.4g–%.4g, almost flat against the training images' %.4g–%.4g: "
            + "is it an image, not a mask, label or probability map?", name, mine[0], mine[1], range[0], range[1]));
      }
    }
    return out;
  }

  private static String uncalibrated(String name) {
    return name + " has no pixel size (no Pixel Spacing or calibrated Ultrasound Region): its imaging area was fitted to the "
        + "network's input at a guessed scale, and areas can only be given in pixels; give the imaging depth for a real scale";
  }

  /** The 1st and 99th percentile of a sample of the values. */
  static float[] percentiles(List<float[]> frames) {
    long total = 0;
    for (float[] f : frames) total += f.length;
    int step = (int) Math.max(1, total / 50_000);
    float[] sample = new float[(int) ((total + step - 1) / step)];
    int k = 0;
    long i = 0;
    for (float[] f : frames) {
      for (float v : f) if (i++ % step == 0 && k < sample.length) sample[k++] = v;
    }
    Arrays.sort(sample, 0, k);
    return k == 0 ? new float[] {0, 0} : new float[] {sample[(int) (0.01 * (k - 1))], sample[(int) (0.99 * (k - 1))]};
  }
}
