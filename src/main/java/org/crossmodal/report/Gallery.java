package org.crossmodal.report;

import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.crossmodal.data.LabelImages;
import org.crossmodal.io.AtomicFiles;
import org.crossmodal.io.RunFolder;

/**
 * A few frames as PNG tiles: the ultrasound in grey, and the same frame with labels blended over it
 * (teacher, student and oracle predictions and the truth on test frames; pseudo-labels and truth on
 * training frames). Pseudo-labelled pixels below their class threshold (ignored) are sky blue.
 */
final class Gallery {
  static final int FRAMES = 3;
  static final int IGNORED_COLOUR = 0x00d0ff;
  private static final double ALPHA = 0.45;

  private Gallery() {}

  /** The gallery section; its PNG tiles go into {@code out}. */
  static String section(RunFiles run, List<String> classes, TrainingFrames train, Path out) throws IOException {
    RunFolder.Simulation test = run.folder().ultrasound("test");
    StringBuilder b = new StringBuilder(legend(classes));
    b.append("<h3>Test ultrasound (held-out slices)</h3>\n");
    ImagePlus bmode = run.image(test.bmode());
    if (bmode == null) {
      b.append(Html.missing(run.name(test.bmode())));
    } else {
      List<ImagePlus> layers = new ArrayList<>();
      List<String> header = new ArrayList<>(List.of("frame", "ultrasound"));
      for (String m : RunFolder.MODELS) {
        layers.add(run.image(run.folder().testLabels(m)));
        header.add(m);
      }
      layers.add(run.image(test.labels()));
      header.add("truth (simulator)");
      List<List<String>> rows = new ArrayList<>();
      for (int f : frames(bmode.getStackSize())) {
        ImageProcessor grey = bmode.getStack().getProcessor(f + 1);
        List<String> row = new ArrayList<>(List.of("test frame " + (f + 1) + " of " + bmode.getStackSize()));
        row.add(tile(out, "gallery-test-" + (f + 1) + "-ultrasound.png", grey, null, "test frame " + (f + 1)));
        for (int l = 0; l < layers.size(); l++) {
          ImagePlus layer = layers.get(l);
          boolean fits = layer != null && layer.getWidth() == grey.getWidth() && layer.getHeight() == grey.getHeight()
              && layer.getStackSize() > f;
          String name = header.get(l + 2).split(" ")[0];
          row.add(fits ? tile(out, "gallery-test-" + (f + 1) + "-" + name + ".png", grey,
              (byte[]) layer.getStack().getProcessor(f + 1).getPixels(), name + " on test frame " + (f + 1)) : "–");
        }
        rows.add(row);
      }
      b.append(Html.table("gallery-test", header, rows));
    }
    b.append("<h3>Training ultrasound with the last round's pseudo-labels (network scale)</h3>\n");
    List<Integer> rounds = run.pseudoLabelRounds();
    ImagePlus pseudo = rounds.isEmpty() ? null : run.image(run.round(rounds.get(rounds.size() - 1)).labels());
    if (pseudo == null || train == null) {
      b.append(Html.missing(pseudo == null ? "pseudo-labels (" + run.name(run.folder().student().pseudoLabelRounds()) + "/round-N/pseudo-labels.tif)"
          : run.name(run.folder().ultrasound("train").bmode())));
    } else {
      int round = rounds.get(rounds.size() - 1);
      List<List<String>> rows = new ArrayList<>();
      int n = Math.min(pseudo.getStackSize(), train.bmode().size());
      for (int f : frames(n)) {
        FloatProcessor fp = new FloatProcessor(train.size(), train.size(), train.bmode().get(f));
        fp.resetMinAndMax();
        ByteProcessor grey = fp.convertToByteProcessor(true);
        String p = "gallery-train-" + (f + 1);
        List<String> row = new ArrayList<>(List.of("training frame " + (f + 1) + " of " + n));
        row.add(tile(out, p + "-ultrasound.png", grey, null, "training frame " + (f + 1)));
        row.add(tile(out, p + "-pseudo-labels.png", grey, (byte[]) pseudo.getStack().getProcessor(f + 1).getPixels(),
            "round " + round + " pseudo-labels on training frame " + (f + 1)));
        byte[] truth = train.truth().get(f);
        row.add(truth == null ? "–" : tile(out, p + "-truth.png", grey, truth, "truth on training frame " + (f + 1)));
        rows.add(row);
      }
      b.append(Html.table("gallery-train", List.of("frame", "ultrasound", "round " + round + " pseudo-labels",
          "truth (never trained on)"), rows));
    }
    return b.toString();
  }

  /** Up to {@link #FRAMES} frame indices spread over the stack: first, middle, last. */
  static List<Integer> frames(int n) {
    int k = Math.min(FRAMES, n);
    if (k <= 1) return k == 1 ? List.of(0) : List.of();
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < k; i++) out.add((int) Math.round(i * (n - 1) / (double) (k - 1)));
    return out;
  }

  private static String legend(List<String> classes) {
    StringBuilder b = new StringBuilder("<p>Colours: ");
    for (int c = 1; c < classes.size(); c++) b.append(Html.swatch(LabelImages.colour(c))).append(' ').append(Html.escape(classes.get(c))).append(" &nbsp; ");
    return b.append(Html.swatch(IGNORED_COLOUR)).append(" ignored pseudo-label (below its class threshold); background is not coloured.</p>\n")
        .toString();
  }

  private static String tile(Path out, String png, ImageProcessor grey, byte[] labels, String alt) throws IOException {
    ColorProcessor rgb = overlay(grey, labels);
    AtomicFiles.write(out.resolve(png), o -> {
      if (!ImageIO.write(rgb.getBufferedImage(), "png", o)) throw new IOException("no PNG writer for " + png);
    });
    return Html.tile(png, alt);
  }

  /** The grey frame with each labelled pixel's class colour blended in; class 0 (background) stays grey. */
  static ColorProcessor overlay(ImageProcessor grey, byte[] labels) {
    byte[] g = (byte[]) grey.convertToByte(false).getPixels();
    int[] rgb = new int[g.length];
    for (int i = 0; i < g.length; i++) {
      int v = g[i] & 0xff;
      int l = labels == null ? 0 : labels[i] & 0xff;
      if (l == 0) {
        rgb[i] = v << 16 | v << 8 | v;
        continue;
      }
      int c = l == 255 ? IGNORED_COLOUR : LabelImages.colour(l);
      rgb[i] = blend(v, c >> 16 & 0xff) << 16 | blend(v, c >> 8 & 0xff) << 8 | blend(v, c & 0xff);
    }
    return new ColorProcessor(grey.getWidth(), grey.getHeight(), rgb);
  }

  private static int blend(int grey, int colour) {
    return (int) Math.round((1 - ALPHA) * grey + ALPHA * colour);
  }
}
