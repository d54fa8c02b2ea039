package org.crossmodal.simulate;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.Volume;
import org.crossmodal.dicom.DicomDates;
import org.crossmodal.dicom.SegmentationWriter;
import org.crossmodal.dicom.SourceFrames;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.UltrasoundImageWriter;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;

/**
 * Simulates frames from a labelled volume and writes them for DICOM and ImageJ users: a DICOM US
 * (Multi-frame) Image with its ground truth as a DICOM Segmentation, 8-bit B-mode and label TIFF
 * stacks, and a JSON list of slices and poses. Everything is marked SYNTHETIC.
 */
public final class SimulationJob {
  private static final double FRAME_TIME_MS = 50;

  private SimulationJob() {}

  /** {@code t1} and {@code labels}: the labelled MRI; {@code classes}: the names of its label values. */
  public static List<SimulatedFrames.Sample> run(Volume t1, Volume labels, List<String> classes, List<Integer> slices, int frames,
      long seed, RunFolder.Simulation out) throws IOException {
    List<SimulatedFrames.Sample> samples = SimulatedFrames.generate(t1, labels, slices, frames, seed,
        BModeSimulator.defaults(), TissueTable.defaults());
    int n = samples.get(0).frame().size();
    double pmm = samples.get(0).frame().pixelMm();
    List<byte[]> bmode = new ArrayList<>(), truth = new ArrayList<>();
    ImageStack stack = new ImageStack(n, n);
    List<Map<String, Object>> poses = new ArrayList<>();
    for (SimulatedFrames.Sample s : samples) {
      bmode.add(s.frame().bmode());
      truth.add(s.frame().labels());
      stack.addSlice("SYNTHETIC slice " + s.slice(), new ByteProcessor(n, n, s.frame().bmode()));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slice", s.slice());
      m.put("pose", s.pose());
      poses.add(m);
    }
    String now = DicomDates.now();
    StudyContext study = StudyContext.synthetic(now.substring(0, 8), now.substring(8));
    UltrasoundImageWriter.Written us = UltrasoundImageWriter.write(out.dicomImage(), study, bmode, n, n, pmm,
        FRAME_TIME_MS, "SYNTHETIC B-mode from labelled MRI", "SYNTHETIC: simulated by CrossModal Transfer from " + slicesText(samples)
            + ", seed " + seed, now);
    SegmentationWriter.write(out.dicomSegmentation(), study, SourceFrames.of(us), truth, new SegmentationWriter.Description(
        classes, "CrossModal Transfer ultrasound simulator", "0.1", "SYNTHETIC ground truth", now));

    ImagePlus imp = new ImagePlus("synthetic-us-bmode", stack);
    imp.getCalibration().setUnit("mm");
    imp.getCalibration().pixelWidth = pmm;
    imp.getCalibration().pixelHeight = pmm;
    LabelImages.save(imp, out.bmode());
    LabelImages.save(LabelImages.labels("synthetic-us-labels", n, n, truth, pmm, pmm), out.labels());
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("synthetic", true);
    doc.put("seed", seed);
    doc.put("pixelMm", pmm);
    doc.put("classes", classes);
    doc.put("dicom", Map.of("image", out.dicomImage().getFileName().toString(), "segmentation",
        out.dicomSegmentation().getFileName().toString(), "studyInstanceUid", study.studyInstanceUid()));
    doc.put("frames", poses);
    Json.write(out.frames(), doc);
    return samples;
  }

  private static String slicesText(List<SimulatedFrames.Sample> samples) {
    return "axial slices " + samples.stream().map(s -> Integer.toString(s.slice())).distinct().limit(8)
        .reduce((a, b) -> a + "," + b).orElse("") + (samples.size() > 8 ? ",..." : "");
  }
}
