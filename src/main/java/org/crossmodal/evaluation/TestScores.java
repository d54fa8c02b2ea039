package org.crossmodal.evaluation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.LabelImages;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.Segmenter;

/** A model's Dice on test frames at their own resolution, and each frame's counts (for the bootstrap interval). */
public record TestScores(ClassDice dice, List<long[][]> counts) {
  /** Scores {@code model} on {@code frames} and saves its predictions as the label image {@code labels}. */
  public static TestScores of(Path model, List<UltrasoundFrame> frames, int threads, Path labels) throws IOException {
    try (LoadedModel m = ModelFile.load(model, threads)) {
      List<Segmenter.Prediction> p = UltrasoundFrames.predict(m, frames, Segmenter.Options.plain());
      UltrasoundFrame f = frames.get(0);
      String title = labels.getFileName().toString().replaceFirst("\\.tif$", "");
      LabelImages.save(LabelImages.labels(title, f.width(), f.height(), p.stream().map(Segmenter.Prediction::labels).toList(),
          f.pixelMm(), f.pixelMm()), labels);
      List<String> classes = m.descriptor().classes();
      List<long[][]> counts = new ArrayList<>();
      long[][] pooled = new long[3][classes.size()];
      for (int i = 0; i < frames.size(); i++) {
        counts.add(Dice.counts(p.get(i).labels(), frames.get(i).truth(), classes.size()));
        Dice.add(pooled, counts.get(i));
      }
      return new TestScores(Dice.fromCounts(pooled, classes), counts);
    }
  }
}
