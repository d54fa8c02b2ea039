package org.crossmodal.simulate;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.List;
import org.crossmodal.data.LabelMaps;
import org.crossmodal.data.Volume;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.testutil.Tools;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.io.RunFolder;

class SimulationJobTest {
  @TempDir Path out;

  @ParameterizedTest(name = "{0} frame(s)")
  @ValueSource(ints = {1, 3})
  void dicomOutputsPassTheValidatorsAndHoldWhatWasSimulated(int frames) throws Exception {
    TeacherConfig.Data d = new TeacherConfig().data;
    TeacherData data = TeacherData.load(d);
    List<SimulatedFrames.Sample> samples = SimulationJob.run(data.image(), data.classes(), d.recipe.classNames(), data.split().test(), frames, 9, new RunFolder.Simulation(out));
    Path us = new RunFolder.Simulation(out).dicomImage(), seg = new RunFolder.Simulation(out).dicomSegmentation();
    for (Path f : List.of(us, seg)) {
      Tools.Result r = Tools.run("dciodvfy", f.toString());
      assertEquals(0, r.exitCode(), r.output());
      assertFalse(r.output().contains("Error"), r.output());
    }
    Tools.Result ent = Tools.run("dcentvfy", us.toString(), seg.toString());
    assertEquals(0, ent.exitCode(), ent.output());

    String[] meta = Tools.python("import pydicom,sys,hashlib\nd=pydicom.dcmread(sys.argv[1])\n"
        + "print(d.SOPClassUID, str(d.PatientName), d.SeriesDescription.split()[0], int(getattr(d,'NumberOfFrames',1)))", us.toString()).split(" ");
    assertEquals(frames == 1 ? "1.2.840.10008.5.1.4.1.1.6.1" : "1.2.840.10008.5.1.4.1.1.3.1", meta[0]);
    assertEquals("SYNTHETIC^PHANTOM", meta[1]);
    assertEquals("SYNTHETIC", meta[2]);
    assertEquals(frames, Integer.parseInt(meta[3]));

    try (ScannedStudies scan = new StudyScanner().scan(List.of(us))) {
      ImageSeries img = new SeriesLoader().load(scan.loadable().get(0));
      assertEquals(samples.get(0).frame().pixelMm(), img.pixelWidthMm(), 1e-5, "pixel size from the Ultrasound Regions");
      for (int f = 0; f < frames; f++) {
        byte[] sim = samples.get(f).frame().bmode();
        for (int i = 0; i < sim.length; i++) assertEquals(sim[i] & 0xff, (int) img.grey()[f][i]);
      }
    }
    Volume truth = LabelMaps.read(seg);
    assertEquals(frames, truth.nz());
    int n = samples.get(0).frame().size();
    for (int f = 0; f < frames; f++) {
      byte[] lab = samples.get(f).frame().labels();
      for (int i = 0; i < n * n; i++) assertEquals(lab[i], (byte) truth.voxels()[f * n * n + i], "frame " + f + " pixel " + i);
    }
  }
}
