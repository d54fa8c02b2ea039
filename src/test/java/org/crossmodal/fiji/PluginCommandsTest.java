package org.crossmodal.fiji;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.plugin.PlugIn;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** The plugin commands in real ImageJ (headless, with the ij1-patcher agent), driven by macro options. */
@Isolated("swaps System.out to read what ImageJ logs")
class PluginCommandsTest {
  @TempDir Path tmp;

  @Test
  void pluginsConfigNamesAPlugInForEveryCommandUnderOneMenu() throws Exception {
    String config;
    try (InputStream in = getClass().getResourceAsStream("/plugins.config")) {
      config = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Pattern line = Pattern.compile("^Plugins>CrossModal Transfer, \"([^\"]+)\", ([\\w.]+)\\(\"\"\\)$", Pattern.MULTILINE);
    Matcher m = line.matcher(config);
    Set<String> labels = new HashSet<>();
    while (m.find()) {
      assertTrue(m.group(1).endsWith("..."), m.group(1) + " opens a dialog, so its label ends in ...");
      assertTrue(labels.add(m.group(1)));
      assertTrue(PlugIn.class.isAssignableFrom(Class.forName(m.group(2))), m.group(2));
    }
    assertEquals(Set.of("Open DICOM Studies...", "Train MRI Teacher...", "Pseudo-label Ultrasound...", "Train Student...",
        "Segment with Model...", "Evaluate...", "Simulate Ultrasound...", "Run Transfer Pipeline...", "Export DICOM SEG...",
        "Batch Segment Studies...", "Query PACS...", "Send Results to PACS..."), labels);
  }

  @Test
  void openStudiesGivesAnUncalibratedCineTitledAfterItsFileWithItsFrameInterval() throws Exception {
    String log = run(new OpenStudiesPlugin(), "location=[" + DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm") + "]");
    ImagePlus imp = WindowManager.getCurrentImage();
    assertNotNull(imp, "no image was opened");
    assertEquals(10, imp.getStackSize());
    assertFalse(imp.getCalibration().scaled(), "the echo says no pixel size; none is invented: " + imp.getCalibration());
    assertTrue(log.contains("US-PAL-8-10x-echo has no pixel size (no Pixel Spacing or calibrated Ultrasound Region): it is shown "
        + "in pixels"), log);
    assertEquals(0.076, imp.getCalibration().frameInterval, 1e-9, "the cine keeps its frame interval (Frame Time 76 ms)");
    assertEquals("s", imp.getCalibration().getTimeUnit());
    assertEquals("US-PAL-8-10x-echo", imp.getTitle());
    assertEquals("US", imp.getProp("Modality"));
    assertEquals("999.999.94827453", imp.getProp("SeriesInstanceUID"));
    assertFalse(imp.getTitle().contains("Anonymized") || String.valueOf(imp.getProperties()).contains("Anonymized"),
        "no patient names: " + imp.getTitle());
    imp.close();
  }

  @Test
  void aMacroPicksASeriesByItsUidWhereverTheFolderIs() throws Exception {
    java.nio.file.Path studies = java.nio.file.Files.createDirectories(tmp.resolve("studies"));
    java.nio.file.Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), studies.resolve("echo.dcm"));
    java.nio.file.Files.copy(DataSet.file("pydicom/MR_small.dcm"), studies.resolve("mr.dcm"));
    java.nio.file.Path moved = java.nio.file.Files.move(studies, tmp.resolve("moved"));
    run(new OpenStudiesPlugin(), "location=[" + moved + "] series=999.999.94827453");
    ImagePlus imp = WindowManager.getCurrentImage();
    assertEquals("echo", imp.getTitle());
    assertEquals(10, imp.getStackSize());
    imp.close();
    String log = run(new OpenStudiesPlugin(), "location=[" + moved + "] series=1.2.3.4");
    assertTrue(log.contains("Open DICOM Studies failed: " + moved + ": no series 1.2.3.4 (it holds 2 series)"), log);
  }

  /** A model that answers brain everywhere: labels all 1, one brain outline per frame, on its own frame, around the whole image. */
  @Test
  void segmentingTheActiveImageGivesNamedLabelsRoisAreasAndOutlinesOnTheSource() throws Exception {
    Path model = org.crossmodal.testutil.TinyModel.brainTeacher(tmp.resolve("m.zip"), 32, 217, 1);
    ImagePlus src = IJ.createImage("scan", "32-bit ramp", 64, 48, 3);
    src.getCalibration().setUnit("mm");
    src.getCalibration().pixelWidth = src.getCalibration().pixelHeight = 1.5;
    StringBuilder log = new StringBuilder();
    SegmentPlugin.Segmented s = SegmentPlugin.segmentActive(src, model, false, 0, m -> log.append(m).append('\n'));
    ImagePlus labels = s.labels();
    assertEquals("scan-labels", labels.getTitle());
    assertEquals(3, labels.getStackSize());
    assertEquals(64, labels.getWidth());
    assertEquals(48, labels.getHeight());
    assertEquals(1.5, labels.getCalibration().pixelWidth, 1e-9);
    assertEquals(java.util.List.of("background", "brain", "deep_grey"), org.crossmodal.data.LabelImages.classes(labels));
    assertEquals(2, labels.getOverlay().size(), "a legend line per foreground class");
    // The model answers "brain" everywhere: one ROI per frame, named by class, and its area in mm².
    assertEquals(3, s.rois().size());
    assertEquals("brain, frame 2", s.rois().get(1).getName());
    assertEquals("brain", s.areas().getStringValue("class", 0));
    assertEquals(64 * 48 * 1.5 * 1.5, Double.parseDouble(s.areas().getStringValue("area (mm²)", 0)), 1e-6);
    assertEquals(0, s.areas().getValue("pixels", 1), "no deep grey");
    for (int f = 1; f <= 3; f++) {
      for (byte b : (byte[]) labels.getStack().getProcessor(f).getPixels()) assertEquals(1, b, "brain everywhere on frame " + f);
    }
    SegmentPlugin.show(s, src);
    var outlines = java.util.Arrays.stream(src.getOverlay().toArray()).filter(r -> r.getName().startsWith("CrossModal brain")).toList();
    assertEquals(3, outlines.size(), "one outline per frame over the source");
    for (int f = 1; f <= 3; f++) {
      assertEquals(f, outlines.get(f - 1).getPosition(), "the outline sits on its own frame");
      assertEquals(new java.awt.Rectangle(0, 0, 64, 48), outlines.get(f - 1).getBounds(), "around the whole image");
    }
    assertTrue(log.toString().contains("scan does not say its modality"), log.toString());
  }

  @Test
  void anUncalibratedImageGetsAreasInPixelsOnly() throws Exception {
    Path model = org.crossmodal.testutil.TinyModel.brainTeacher(tmp.resolve("m.zip"), 32, 217, 1);
    ImagePlus src = IJ.createImage("plain", "8-bit ramp", 40, 30, 1);
    SegmentPlugin.Segmented s = SegmentPlugin.segmentActive(src, model, false, 0, m -> {});
    assertFalse(s.labels().getCalibration().scaled());
    assertEquals(40 * 30, s.areas().getValue("pixels", 0));
    assertFalse(s.areas().columnExists("area (mm²)"), "no area in mm without a real calibration");
    assertEquals("uncalibrated: pixels only", s.areas().getStringValue("area", 0));
    assertTrue(s.warnings().stream().anyMatch(w -> w.contains("has no pixel size")), s.warnings().toString());
  }

  @Test
  void aFailingCommandAbortsTheMacroWithOneMessageNamingTheFile() throws Exception {
    Path missing = tmp.resolve("nothing-here");
    java.nio.file.Files.createDirectories(missing);
    String log = run(new OpenStudiesPlugin(), "location=[" + missing + "]");
    assertTrue(log.contains("Open DICOM Studies failed: " + missing + ": no readable DICOM series"), log);
  }

  @Test
  void batchSegmentsAFolderOfStudiesAndTablesTheOutcomes() throws Exception {
    Path model = org.crossmodal.testutil.TinyModel.save(tmp.resolve("m.zip"), 0);
    Path studies = java.nio.file.Files.createDirectories(tmp.resolve("studies"));
    java.nio.file.Files.copy(DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"), studies.resolve("echo.dcm"));
    Path out = tmp.resolve("batch");
    String log = run(new BatchPlugin(), "model=[" + model + "] studies=[" + studies + "] output=[" + out + "] modalities=US overlay");
    assertTrue(log.contains("Batch Segment Studies: 1 done, 0 skipped, 0 failed"), log);
    try (var s = java.nio.file.Files.walk(out)) {
      assertEquals(2, s.filter(p -> p.toString().endsWith("-seg.dcm") || p.toString().endsWith("-overlay.dcm")).count());
    }
  }

  /**
   * Runs a plugin as a macro would (options apply on a thread named Run$_...), returning what it
   * logged (headless ImageJ prints its Log to standard output).
   */
  /** Each test reads the image its command opened as the current one: none is left from an earlier test. */
  @org.junit.jupiter.api.BeforeEach
  void closeImagesLeftOpen() {
    int[] ids = WindowManager.getIDList();
    if (ids != null) for (int id : ids) WindowManager.getImage(id).close();
    assertNull(WindowManager.getCurrentImage());
  }

  static String run(PlugIn plugin, String options) throws Exception {
    java.io.PrintStream out = System.out;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      Macro.setOptions(options);
      try {
        plugin.run("");
      } catch (Throwable e) {
        if (!(e instanceof RuntimeException r && Macro.MACRO_CANCELED.equals(r.getMessage()))) failure.set(e);
      } finally {
        Macro.setOptions(null);
      }
    }, "Run$_test");
    try {
      t.start();
      t.join();
    } finally {
      System.setOut(out);
    }
    if (failure.get() != null) throw new AssertionError(failure.get());
    return captured.toString(StandardCharsets.UTF_8);
  }
}
