package org.crossmodal.fiji;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.RunFolder;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;

/** Plugins › CrossModal Transfer › Simulate Ultrasound…: SYNTHETIC B-mode with truth from Colin27, opened as stacks. */
public final class SimulatePlugin implements PlugIn {
  @Override
  public void run(String arg) {
    GenericDialog gd = new GenericDialog("Simulate Ultrasound");
    Fields.number(gd, "Frames", "simulate.frames", 8, 0);
    Fields.number(gd, "Seed", "simulate.seed", 1, 0);
    Fields.directory(gd, "Output folder", "simulate.output", "simulated-us");
    gd.showDialog();
    if (gd.wasCanceled()) return;
    int frames = (int) Fields.nextNumber(gd, "simulate.frames");
    long seed = (long) Fields.nextNumber(gd, "simulate.seed");
    String out = Fields.nextString(gd, "simulate.output");
    Jobs.run("Simulate Ultrasound", () -> {
      TeacherConfig.Data d = new TeacherConfig().data;
      TeacherData data = TeacherData.load(d);
      Path dir = Path.of(out == null ? "simulated-us" : out);
      List<Integer> slices = data.slices().stream().map(s -> s.index()).toList();
      RunFolder.Simulation files = new RunFolder.Simulation(dir);
      SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), slices, frames, seed, files);
      IJ.openImage(files.bmode().toString()).show();
      IJ.openImage(files.labels().toString()).show();
    });
  }
}
