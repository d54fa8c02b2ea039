package org.crossmodal.config;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossmodal.data.LabelTable;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;

/**
 * plugins/examples/real-data.yaml reads as a configuration, and every data file it names (in its
 * settings and in its instructions) is a row of test-data/manifest.tsv, so a renamed or dropped file
 * fails here rather than on a user's machine. The files of the optional group `examples` are fetched
 * only by `bin/setup --with examples`; the checks that read files use only the rows every setup fetches.
 */
class RealDataExampleTest {
  static final Path EXAMPLE = Path.of("plugins/examples/real-data.yaml");
  /**
   * A data-set path: a folder of the data set and a file name with one of the data's extensions, as a
   * whole word (the instructions' {@code $D/} prefix removed first; {@code real-run/heads/x.nii.gz} is an output).
   */
  static final Pattern DATA_PATH = Pattern.compile("(?<![\\w./$-])[\\w.-]+/[\\w.-]+\\.(?:nii\\.gz|nii\\.txt|nii|dcm|mnc\\.raw\\.gz|mnc\\.header\\.gz)\\b");

  /** local_path → group (empty: fetched by every setup) of test-data/manifest.tsv. */
  static Map<String, String> manifest() throws Exception {
    Map<String, String> rows = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of("test-data/manifest.tsv"))) {
      if (line.startsWith("#") || line.isBlank()) continue;
      String[] f = line.split("\t", -1);
      assertTrue(f.length == 7 || f.length == 8, "manifest row with " + f.length + " columns: " + line);
      assertTrue(f[5].matches("[0-9a-f]{64}"), "SHA-256 of " + f[0]);
      assertFalse(f[6].isBlank(), "licence of " + f[0]);
      String group = f.length == 8 ? f[7] : "";
      assertTrue(group.isEmpty() || group.equals("examples"), "unknown group '" + group + "' of " + f[0]);
      assertNull(rows.put(f[0], group), "twice in the manifest: " + f[0]);
    }
    return rows;
  }

  @Test
  void theExampleReadsAndNamesOnlyFilesOfTheManifest() throws Exception {
    TransferConfig c = TransferConfig.read(EXAMPLE);
    Map<String, String> manifest = manifest();

    List<String> configured = new ArrayList<>();
    for (TeacherConfig.Subject s : c.teacher.data.subjectList()) {
      configured.add(s.image);
      configured.add(s.labels);
      if (s.labelNames != null) configured.add(s.labelNames);
      configured.addAll(s.masks.values());
    }
    configured.addAll(c.ultrasound);
    assertEquals(2, c.teacher.data.subjects.size(), "Colin27 under AAL and under AICHA");
    assertEquals(4, c.ultrasound.size());
    for (String p : configured) assertTrue(manifest.containsKey(p), p + " is named by the example but is not in the manifest");

    // Every path of the file, its comments (the segment instructions) included.
    Set<String> named = new LinkedHashSet<>();
    Matcher m = DATA_PATH.matcher(Files.readString(EXAMPLE).replace("$D/", " "));
    while (m.find()) named.add(m.group());
    assertTrue(named.containsAll(configured), named.toString());
    assertTrue(named.contains("papaya/sample_image.nii.gz"), "the instructions segment papaya's head");
    String text = Files.readString(EXAMPLE);
    for (String stem : List.of("structural1", "structural2")) {
      assertTrue(text.contains("for s in structural1 structural2") && text.contains("$D/brainbrowser/$s "), "the instructions convert " + stem);
      for (String ext : List.of(".mnc.raw.gz", ".mnc.header.gz")) {
        assertTrue(manifest.containsKey("brainbrowser/" + stem + ext), "brainbrowser/" + stem + ext + " is not in the manifest");
      }
    }
    List<String> unknown = named.stream().filter(p -> !manifest.containsKey(p)).toList();
    assertEquals(List.of(), unknown, "paths in " + EXAMPLE + " that the manifest does not list");
    assertTrue(named.stream().anyMatch(p -> manifest.get(p).equals("examples")),
        "the example uses the optional group, so bin/crossmodal fetches it for this --config");
  }

  /**
   * The example's helper writes brainbrowser's raw MINC heads as NIfTI that NiftiReader reads, in
   * Colin27's layout (i right, j anterior, k superior, so `segment` cuts axial slices), every voxel
   * where the MINC header puts it: 200 raw voxels, placed by the header's start, step and direction
   * cosines, are found with their value at that position of the NIfTI. Runs only once
   * `bin/setup --with examples` has fetched the heads.
   */
  @Test
  void brainbrowsersHeadsBecomeNiftiTheProductReads(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path stem = DataSet.root().resolve("brainbrowser/structural1");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of(stem + ".mnc.raw.gz")),
        "brainbrowser's heads are fetched by bin/setup --with examples");
    Path out = tmp.resolve("structural1.nii.gz");
    org.crossmodal.testutil.Tools.ok("/usr/bin/python3", "plugins/examples/brainbrowser_to_nifti.py", stem.toString(), out.toString());
    org.crossmodal.data.OrientedVolume v = org.crossmodal.data.NiftiReader.readOriented(out);
    org.crossmodal.data.Volume vol = v.volume();
    assertEquals(List.of(160, 224, 256), List.of(vol.nx(), vol.ny(), vol.nz()));
    for (int a = 0; a < 3; a++) {
      assertEquals(a, v.grid().nearestPatientAxis(a), "voxel axis " + a);
      assertTrue(v.grid().axis(a)[a] > 0, "voxel axis " + a + " runs towards R, A, S");
    }
    byte[] raw;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(stem + ".mnc.raw.gz")))) {
      raw = in.readAllBytes();
    }
    com.fasterxml.jackson.databind.JsonNode header;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(Path.of(stem + ".mnc.header.gz")))) {
      header = org.crossmodal.io.Json.MAPPER.readTree(in);
    }
    com.fasterxml.jackson.databind.JsonNode[] axes = new com.fasterxml.jackson.databind.JsonNode[3];
    int[] len = new int[3];
    for (int a = 0; a < 3; a++) {
      axes[a] = header.get(header.get("order").get(a).asText());
      len[a] = axes[a].get("space_length").asInt();
    }
    var toVoxel = v.grid().inverse();
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 200; n++) {
      int[] idx = {random.nextInt(len[0]), random.nextInt(len[1]), random.nextInt(len[2])};
      double[] world = new double[3];
      for (int a = 0; a < 3; a++) {
        double pos = axes[a].get("start").asDouble() + idx[a] * axes[a].get("step").asDouble();
        for (int r = 0; r < 3; r++) world[r] += pos * axes[a].get("direction_cosines").get(r).asDouble();
      }
      double[] q = toVoxel.point(world[0], world[1], world[2]);
      int i = (int) Math.round(q[0]), j = (int) Math.round(q[1]), k = (int) Math.round(q[2]);
      assertEquals(0, Math.abs(q[0] - i) + Math.abs(q[1] - j) + Math.abs(q[2] - k), 1e-3, "a voxel centre");
      assertEquals(raw[(idx[0] * len[1] + idx[1]) * len[2] + idx[2]] & 0xff, vol.get(i, j, k), 0,
          "MINC voxel " + java.util.Arrays.toString(idx));
    }
  }

  @Test
  void eachSubjectsRecipeNamesOnlyLabelsOfItsOwnTable() throws Exception {
    TransferConfig c = TransferConfig.read(EXAMPLE);
    TeacherConfig.Data d = c.teacher.data;
    assertEquals(List.of("background", "brain", "deep_grey"), d.recipe.classNames());
    for (TeacherConfig.Subject s : d.subjectList()) {
      LabelTable table = LabelTable.read(DataSet.file(s.labelNames)); // AAL and AICHA: rows every setup fetches
      for (var rule : d.recipeOf(s).classes()) {
        if (rule.labels() != null) for (String name : rule.labels()) table.value(name);
      }
      assertEquals(d.recipe.classNames(), d.recipeOf(s).classNames());
    }
    assertNotSame(d.recipe, d.recipeOf(d.subjects.get(1)), "AICHA's subject has its own recipe");
    assertTrue(d.subjects.get(1).resampleLabels && !d.subjects.get(0).resampleLabels);
  }

  @Test
  void aSubjectRecipeWithOtherClassesOrWithoutLabelNamesIsRefusedOnReading(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    String other = Files.readString(EXAMPLE).replace("- name: deep_grey                  # caudate", "- name: nuclei  # caudate");
    Path f = Files.writeString(tmp.resolve("other-classes.yaml"), other);
    Exception e = assertThrows(IllegalArgumentException.class, () -> TransferConfig.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("mricron/AICHAmc.nii.txt")
        && e.getMessage().contains("[background, brain, nuclei]"), e.getMessage());

    String noNames = Files.readString(EXAMPLE).replace("        labelNames: mricron/AICHAmc.nii.txt\n", "");
    Path g = Files.writeString(tmp.resolve("no-names.yaml"), noNames);
    Exception e2 = assertThrows(IllegalArgumentException.class, () -> TransferConfig.read(g));
    assertTrue(e2.getMessage().contains("has a recipe but no labelNames"), e2.getMessage());
  }
}
