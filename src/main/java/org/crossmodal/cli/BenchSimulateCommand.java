package org.crossmodal.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "simulate", description = "Simulator throughput at 256x256 on Colin27 slices. Last line: frames_per_second=X.")
final class BenchSimulateCommand implements Callable<Integer> {
  @Option(names = "--frames", defaultValue = "60")
  int frames;

  @Override
  public Integer call() throws Exception {
    TeacherData data = TeacherData.load(new TeacherConfig().data);
    List<Integer> zs = data.slices().stream().map(s -> s.index()).toList();
    BModeSimulator sim = BModeSimulator.defaults();
    SimulatedFrames.generate(data.image(), data.classes(), zs, 10, 99, sim, TissueTable.defaults()); // warm-up
    long t0 = System.nanoTime();
    SimulatedFrames.generate(data.image(), data.classes(), zs, frames, 1, sim, TissueTable.defaults());
    double s = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%d frames of 256x256 (128 beams, RF at 5 samples per carrier period) in %.2f s, %d threads%n",
        frames, s, Runtime.getRuntime().availableProcessors());
    System.out.printf("frames_per_second=%.1f%n", frames / s);
    return 0;
  }
}
