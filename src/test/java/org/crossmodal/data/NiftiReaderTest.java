package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NiftiReaderTest {
  @TempDir Path tmp;

  /** numpy over the raw gzip stream is the independent oracle: dims, sum and a few voxels. */
  @Test
  void colin27MatchesNumpy() throws Exception {
    Path ch2 = DataSet.file("mricron/ch2.nii.gz");
    Volume v = NiftiReader.read(ch2);
    String script = "import gzip,numpy as np,sys\n"
        + "b=gzip.open(sys.argv[1]).read(); a=np.frombuffer(b[352:],dtype=np.uint8).astype(np.float64)\n"
        + "print(int(a.sum()), int(a[0]), int(a[90+108*181+90*181*217]), int(a[-1]))\n";
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script, ch2.toString()).redirectErrorStream(true).start();
    String[] f = new String(p.getInputStream().readAllBytes()).strip().split(" ");
    assertEquals(0, p.waitFor(), String.join(" ", f));
    assertEquals(181, v.nx()); assertEquals(217, v.ny()); assertEquals(181, v.nz());
    assertEquals(1.0, v.sx(), 1e-9);
    double sum = 0;
    for (float x : v.voxels()) sum += x;
    assertEquals(Long.parseLong(f[0]), (long) sum);
    assertEquals(Float.parseFloat(f[1]), v.get(0, 0, 0));
    assertEquals(Float.parseFloat(f[2]), v.get(90, 108, 90));
    assertEquals(Float.parseFloat(f[3]), v.get(180, 216, 180));
  }

  @Test
  void recipeMakesDeepGreyInsideBrain() throws IOException {
    Volume aal = NiftiReader.read(DataSet.file("mricron/aal.nii.gz"));
    Volume bet = NiftiReader.read(DataSet.file("mricron/ch2bet.nii.gz"));
    LabelTable table = LabelTable.read(DataSet.file("mricron/aal.nii.txt"));
    assertEquals(71, table.value("Caudate_L"));
    Volume classes = ClassRecipe.colin27DeepGrey().apply(aal, table, Map.of("brain", bet));
    long brain = 0, deep = 0;
    for (float c : classes.voxels()) { if (c == 1) brain++; if (c == 2) deep++; }
    // Deep grey nuclei are a few tens of cm^3 at 1 mm: well inside (0.5 %, 5 %) of the brain.
    assertTrue(deep > 0.005 * brain && deep < 0.05 * brain, "brain=" + brain + " deep=" + deep);
  }

  @Test
  void truncatedFileNamesTheFileAndReason() throws IOException {
    byte[] all = Files.readAllBytes(DataSet.file("mricron/aal.nii.gz"));
    Path cut = tmp.resolve("cut.nii.gz");
    Files.write(cut, java.util.Arrays.copyOf(all, all.length / 3));
    IOException e = assertThrows(IOException.class, () -> NiftiReader.read(cut));
    assertTrue(e.getMessage().contains("cut.nii.gz"), e.getMessage());
  }
}
