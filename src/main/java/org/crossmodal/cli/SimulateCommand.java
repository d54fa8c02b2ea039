package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.io.RunFolder;
import org.crossmodal.training.TeacherData;
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
    TeacherConfig.Data d = (recipe == null ? new TransferConfig() : TransferConfig.read(recipe)).teacher.data;
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
    SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), zs, frames, seed, new RunFolder.Simulation(out));
    System.out.println("simulated " + frames + " SYNTHETIC frames into " + out + " (DICOM US + SEG, TIFFs, JSON)");
    return 0;
  }
}
