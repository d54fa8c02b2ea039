package org.crossmodal.simulate;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.crossmodal.data.LabelImages;
import org.crossmodal.dicom.DicomDates;
import org.crossmodal.dicom.SegmentationWriter;
import org.crossmodal.dicom.SourceFrames;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.UltrasoundImageWriter;
import org.crossmodal.io.Json;
import org.crossmodal.transfer.TeacherData;

/**
 * Simulates frames from a labelled volume and writes them for DICOM and ImageJ users: a DICOM US
 * (Multi-frame) Image with its ground truth as a DICOM Segmentation, 8-bit B-mode and label TIFF
 * stacks, and a JSON list of slices and poses. Everything is marked SYNTHETIC.
 */
public final class SimulationJob {
  public static final String US_FILE = "synthetic-us.dcm", SEG_FILE = "synthetic-us-truth-seg.dcm";
  private static final double FRAME_TIME_MS = 50;

  private SimulationJob() {}

  public static List<SimulatedFrames.Sample> run(TeacherData data, List<String> classes, List<Integer> slices, int frames,
      long seed, Path out) throws IOException {
    return run(data, classes, slices, frames, seed, SimulatedFrames.Acquisition.FIXED, out);
  }

  public static List<SimulatedFrames.Sample> run(TeacherData data, List<String> classes, List<Integer> slices, int frames,
      long seed, SimulatedFrames.Acquisition acquisition, Path out) throws IOException {
    List<SimulatedFrames.Sample> samples = SimulatedFrames.generate(data.image(), data.classes(), slices, frames, seed,
        BModeSimulator.defaults(), TissueTable.defaults(), acquisition);
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
      m.put("physics", s.physics());
      poses.add(m);
    }
    String now = DicomDates.now();
    StudyContext study;
    try {
      study = StudyContext.synthetic(new com.pixelmed.dicom.UIDGenerator().getAnotherNewUID(), now.substring(0, 8), now.substring(8));
    } catch (com.pixelmed.dicom.DicomException e) {
      throw new IOException("cannot make a study UID: " + e.getMessage(), e);
    }
    UltrasoundImageWriter.Written us = UltrasoundImageWriter.write(out.resolve(US_FILE), study, bmode, n, n, pmm,
        FRAME_TIME_MS, "SYNTHETIC B-mode from labelled MRI", "SYNTHETIC: simulated by CrossModal Transfer from " + slicesText(samples)
            + ", seed " + seed, now);
    SegmentationWriter.write(out.resolve(SEG_FILE), study, SourceFrames.of(us), truth, new SegmentationWriter.Description(
        classes, "CrossModal Transfer ultrasound simulator", "0.1", "SYNTHETIC ground truth", now));

    ImagePlus imp = new ImagePlus("synthetic-us-bmode", stack);
    imp.getCalibration().setUnit("mm");
    imp.getCalibration().pixelWidth = pmm;
    imp.getCalibration().pixelHeight = pmm;
    LabelImages.save(imp, out.resolve("synthetic-us-bmode.tif"));
    LabelImages.save(LabelImages.labels("synthetic-us-labels", n, n, truth, pmm, pmm), out.resolve("synthetic-us-labels.tif"));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("synthetic", true);
    doc.put("seed", seed);
    doc.put("pixelMm", pmm);
    doc.put("classes", classes);
    doc.put("dicom", Map.of("image", US_FILE, "segmentation", SEG_FILE, "studyInstanceUid", study.studyInstanceUid()));
    doc.put("frames", poses);
    Json.write(out.resolve("synthetic-us-frames.json"), doc);
    return samples;
  }

  private static String slicesText(List<SimulatedFrames.Sample> samples) {
    return "axial slices " + samples.stream().map(s -> Integer.toString(s.slice())).distinct().limit(8)
        .reduce((a, b) -> a + "," + b).orElse("") + (samples.size() > 8 ? ",..." : "");
  }
}
