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

/** The plugin commands in real ImageJ (headless, with the ij1-patcher agent), driven by macro options. */
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
  void openStudiesGivesACalibratedCineWithItsFrameInterval() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm") + "]");
    ImagePlus imp = WindowManager.getCurrentImage();
    assertNotNull(imp, "no image was opened");
    assertEquals(10, imp.getStackSize());
    assertEquals("mm", imp.getCalibration().getUnit());
    assertTrue(imp.getCalibration().frameInterval > 0, "the cine keeps its frame interval");
    assertFalse(imp.getTitle().contains("Anonymized"), "titles carry no patient names: " + imp.getTitle());
  }

  @Test
  void segmentingTheActiveImageGivesLabelsAndOutlinesOnTheSource() throws Exception {
    Path model = org.crossmodal.testutil.TinyModel.save(tmp.resolve("m.zip"), 217);
    ImagePlus src = IJ.createImage("src", "32-bit ramp", 64, 48, 3);
    src.getCalibration().setUnit("mm");
    src.getCalibration().pixelWidth = src.getCalibration().pixelHeight = 1.5;
    ImagePlus labels = SegmentPlugin.segmentActive(src, model, false);
    assertEquals(3, labels.getStackSize());
    assertEquals(64, labels.getWidth());
    assertEquals(1.5, labels.getCalibration().pixelWidth, 1e-9);
    // Every outline sits on the frame it belongs to.
    if (src.getOverlay() != null) {
      for (var roi : src.getOverlay().toArray()) assertTrue(roi.getPosition() >= 1 && roi.getPosition() <= 3);
    }
    byte[] px = (byte[]) labels.getStack().getProcessor(1).getPixels();
    int classes = 0;
    for (byte b : px) classes = Math.max(classes, b + 1);
    assertEquals(src.getOverlay() == null ? 0 : src.getOverlay().size() > 0 ? 1 : 0, classes > 1 ? 1 : 0,
        "outlines exist exactly when a foreground class was predicted");
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
