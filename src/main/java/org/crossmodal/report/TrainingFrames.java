package org.crossmodal.report;

import ij.ImagePlus;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.data.NetworkGeometry;
import org.crossmodal.data.SliceGeometry;
import org.crossmodal.io.RunFolder;

/**
 * The simulated training ultrasound at the network's scale, where its pseudo-labels and confidence
 * live: B-mode, imaging area (where the B-mode is not zero) and the simulator's truth, placed by
 * the same geometry as {@code UltrasoundFrame.toNetwork}.
 */
record TrainingFrames(int size, List<float[]> bmode, List<boolean[]> area, List<byte[]> truth) {
  /** Null when the run folder lacks the training B-mode. */
  static TrainingFrames load(RunFiles run, NetworkGeometry network) throws java.io.IOException {
    RunFolder.Simulation train = run.folder().ultrasound("train");
    ImagePlus b = run.image(train.bmode()), t = run.image(train.labels());
    int size = network.inputSize();
    if (b == null) return null;
    int w = b.getWidth(), h = b.getHeight();
    int side = SliceGeometry.side(w, h, b.getCalibration().pixelWidth, network.fieldOfViewMm());
    List<float[]> images = new ArrayList<>();
    List<boolean[]> areas = new ArrayList<>();
    List<byte[]> truths = new ArrayList<>();
    for (int z = 1; z <= b.getStackSize(); z++) {
      float[] img = (float[]) b.getStack().getProcessor(z).convertToFloat().getPixels();
      boolean[] inside = new boolean[img.length];
      for (int i = 0; i < img.length; i++) inside[i] = img[i] != 0;
      images.add(SliceGeometry.toField(img, w, h, side, size));
      areas.add(SliceGeometry.maskToField(inside, w, h, side, size));
      truths.add(t == null ? null : SliceGeometry.labelsToField((byte[]) t.getStack().getProcessor(z).getPixels(), w, h, side, size));
    }
    return new TrainingFrames(size, images, areas, truths);
  }
}
