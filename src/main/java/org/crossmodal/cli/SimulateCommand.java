package org.crossmodal.cli;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ByteProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.data.LabelImages;
import org.crossmodal.data.Volume;
import org.crossmodal.io.Json;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.transfer.TeacherConfig;
import org.crossmodal.transfer.TeacherData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Simulate B-mode ultrasound with ground truth from labelled MRI (default: Colin27 + AAL).")
final class SimulateCommand implements Callable<Integer> {
  @Option(names = "--image", description = "T1 volume (NIfTI); default: the data set's Colin27")
  String image;

  @Option(names = "--labels", description = "atlas or class map; default: AAL with the deep grey recipe")
  String labels;

  @Option(names = "--recipe", description = "YAML/JSON teacher configuration whose data section names image, labels and recipe")
  Path recipe;

  @Option(names = "--frames", defaultValue = "20")
  int frames;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--slices", description = "axial slice range z0:z1 (inclusive) to sample from; default: all labelled slices")
  String slices;

  @Option(names = "--out", required = true, paramLabel = "DIR")
  Path out;

  @Override
  public Integer call() throws Exception {
    TeacherConfig.Data d = recipe == null ? new TeacherConfig().data : Json.read(recipe, TeacherConfig.class).data;
    if (image != null) d.image = image;
    if (labels != null) {
      d.labels = labels;
      d.labelNames = null;
    }
    TeacherData data = TeacherData.load(d);
    List<Integer> zs = new ArrayList<>();
    if (slices != null) {
      String[] r = slices.split(":");
      for (int z = Integer.parseInt(r[0]); z <= Integer.parseInt(r[1]); z++) zs.add(z);
    } else {
      data.slices().forEach(s -> zs.add(s.index()));
    }
    Volume t1 = data.image();
    List<SimulatedFrames.Sample> samples = SimulatedFrames.generate(t1, data.classes(), zs, frames, seed,
        BModeSimulator.defaults(), TissueTable.defaults());
    int n = samples.get(0).frame().size();
    ImageStack bmode = new ImageStack(n, n);
    List<byte[]> truth = new ArrayList<>();
    List<Map<String, Object>> poses = new ArrayList<>();
    for (SimulatedFrames.Sample s : samples) {
      bmode.addSlice("SYNTHETIC slice " + s.slice(), new ByteProcessor(n, n, s.frame().bmode()));
      truth.add(s.frame().labels());
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("slice", s.slice());
      m.put("pose", s.pose());
      m.put("pixelMm", s.frame().pixelMm());
      poses.add(m);
    }
    double pmm = samples.get(0).frame().pixelMm();
    ImagePlus us = new ImagePlus("synthetic-us-bmode", bmode);
    us.getCalibration().setUnit("mm");
    us.getCalibration().pixelWidth = pmm;
    us.getCalibration().pixelHeight = pmm;
    LabelImages.save(us, out.resolve("synthetic-us-bmode.tif"));
    LabelImages.save(LabelImages.labels("synthetic-us-labels", n, n, truth, pmm, pmm), out.resolve("synthetic-us-labels.tif"));
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("synthetic", true);
    doc.put("seed", seed);
    doc.put("classes", d.recipe.classNames());
    doc.put("frames", poses);
    Json.write(out.resolve("synthetic-us-frames.json"), doc);
    System.out.println("simulated " + frames + " SYNTHETIC frames into " + out);
    return 0;
  }
}
