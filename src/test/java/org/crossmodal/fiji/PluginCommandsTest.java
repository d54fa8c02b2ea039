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
  void openStudiesGivesACalibratedCineWithItsFrameInterval() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm") + "]");
    ImagePlus imp = WindowManager.getCurrentImage();
    assertNotNull(imp, "no image was opened");
    assertEquals(10, imp.getStackSize());
    assertEquals("mm", imp.getCalibration().getUnit());
    assertEquals(0.076, imp.getCalibration().frameInterval, 1e-9, "the cine keeps its frame interval (Frame Time 76 ms)");
    assertEquals("s", imp.getCalibration().getTimeUnit());
    assertFalse(imp.getTitle().contains("Anonymized"), "titles carry no patient names: " + imp.getTitle());
  }

  /** A model that answers brain everywhere: labels all 1, one brain outline per frame, on its own frame, around the whole image. */
  @Test
  void segmentingTheActiveImageGivesLabelsAndOutlinesOnTheSource() throws Exception {
    Path model = org.crossmodal.testutil.ConstantModel.save(tmp.resolve("brain.zip"), 1, 10, 217);
    ImagePlus src = IJ.createImage("src", "32-bit ramp", 64, 48, 3);
    src.getCalibration().setUnit("mm");
    src.getCalibration().pixelWidth = src.getCalibration().pixelHeight = 1.5;
    ImagePlus labels = SegmentPlugin.segmentActive(src, model, false);
    assertEquals(3, labels.getStackSize());
    assertEquals(64, labels.getWidth());
    assertEquals(48, labels.getHeight());
    assertEquals(1.5, labels.getCalibration().pixelWidth, 1e-9);
    for (int f = 1; f <= 3; f++) {
      for (byte b : (byte[]) labels.getStack().getProcessor(f).getPixels()) assertEquals(1, b, "brain everywhere on frame " + f);
    }
    var rois = src.getOverlay().toArray();
    assertEquals(3, rois.length, "one outline per frame");
    for (int f = 1; f <= 3; f++) {
      assertEquals(f, rois[f - 1].getPosition(), "the outline sits on its own frame");
      assertEquals("class 1 frame " + f, rois[f - 1].getName());
      assertEquals(new java.awt.Rectangle(0, 0, 64, 48), rois[f - 1].getBounds(), "around the whole image");
    }

    Path background = org.crossmodal.testutil.ConstantModel.save(tmp.resolve("bg.zip"), 0, 10, 217);
    ImagePlus other = IJ.createImage("other", "32-bit ramp", 64, 48, 2);
    ImagePlus none = SegmentPlugin.segmentActive(other, background, false);
    for (byte b : (byte[]) none.getStack().getProcessor(1).getPixels()) assertEquals(0, b);
    assertEquals(0, other.getOverlay().size(), "no foreground, no outline");
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
