package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.process.ColorProcessor;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Label and probability images as ImageJ sees them, and label files read back, with every value stated here. */
class LabelImagesTest {
  @TempDir Path tmp;

  @Test
  void classColoursAndTheLookupTable() {
    assertEquals(0x000000, LabelImages.colour(0));
    assertEquals(0x3cb44b, LabelImages.colour(1));
    assertEquals(0xe6194b, LabelImages.colour(2));
    assertEquals(0x46f0f0, LabelImages.colour(7));
    assertEquals(0xffffff, LabelImages.colour(8), "past the table: white");
    assertEquals(0xffffff, LabelImages.colour(-1));
    var lut = LabelImages.lut();
    assertEquals(0x3c, lut.getRed(1));
    assertEquals(0xb4, lut.getGreen(1));
    assertEquals(0x4b, lut.getBlue(1));
    assertEquals(0xe6, lut.getRed(2));
    assertEquals(0x19, lut.getGreen(2));
    assertEquals(0x4b, lut.getBlue(2));
    assertEquals(0, lut.getRed(0) + lut.getGreen(0) + lut.getBlue(0));
    assertEquals(255 * 3, lut.getRed(200) + lut.getGreen(200) + lut.getBlue(200));
  }

  @Test
  void calibratedInMillimetresOnlyWhenBothPixelSizesAreKnown() {
    var cal = LabelImages.calibration(0.5, 0.25);
    assertEquals("mm", cal.getUnit());
    assertEquals(0.5, cal.pixelWidth);
    assertEquals(0.25, cal.pixelHeight);
    for (double[] unknown : new double[][] {{0, 0.25}, {0.5, 0}, {Double.NaN, 1}, {1, Double.NaN}, {-1, 1}}) {
      var c = LabelImages.calibration(unknown[0], unknown[1]);
      assertFalse(c.scaled(), unknown[0] + " x " + unknown[1]);
      assertEquals(1.0, c.pixelWidth);
    }
  }

  @Test
  void aLabelImageKeepsItsFramesNamesItsClassesAndShowsALegend() {
    byte[] f0 = {0, 1, 2, 1, 0, 2}, f1 = {2, 2, 1, 1, 0, 0};
    ImagePlus imp = LabelImages.labels("labels", 3, 2, List.of(f0, f1), 0.5, 0.5, List.of("background", "brain", "deep_grey"),
        tmp.resolve("source.dcm"));
    f0[0] = 9; // the image holds its own copy
    assertEquals(2, imp.getStackSize());
    assertEquals(0, imp.getStack().getProcessor(1).get(0));
    assertEquals(2, imp.getStack().getProcessor(2).get(0));
    assertEquals(1, imp.getStack().getProcessor(2).get(2));
    assertEquals(0, imp.getDisplayRangeMin());
    assertEquals(255, imp.getDisplayRangeMax());
    assertEquals(0x3cb44b, imp.getProcessor().getLut().getRGB(1) & 0xffffff);
    assertEquals("mm", imp.getCalibration().getUnit());
    assertEquals("background,brain,deep_grey", imp.getProp(LabelImages.CLASSES));
    assertEquals(tmp.resolve("source.dcm").toAbsolutePath().toString(), imp.getProp(LabelImages.SOURCE));
    assertEquals(List.of("background", "brain", "deep_grey"), LabelImages.classes(imp));
    // The legend: one line per foreground class, underscores as spaces, in the class colour, one below the other.
    var legend = imp.getOverlay();
    assertEquals(2, legend.size());
    Roi brain = legend.get(0), grey = legend.get(1);
    assertEquals("legend brain", brain.getName());
    assertEquals("legend deep_grey", grey.getName());
    assertEquals("2 deep grey", ((ij.gui.TextRoi) grey).getText().trim());
    assertEquals(new Color(0x3cb44b), brain.getStrokeColor());
    assertEquals(new Color(0xe6194b), grey.getStrokeColor());
    // Font size: 9 at least (a 3-pixel-wide image), lines 9 + 4 pixels apart from y = 2.
    assertEquals(2, brain.getBounds().y);
    assertEquals(15, grey.getBounds().y);
    assertEquals(2, brain.getBounds().x);
  }

  @Test
  void legendSizeFollowsTheWidthBetweenNineAndEighteen() {
    List<String> classes = List.of("background", "a", "b");
    assertEquals(2 + 10 + 4, LabelImages.legend(classes, 300).get(1).getBounds().y, "300 / 30 = 10");
    assertEquals(2 + 18 + 4, LabelImages.legend(classes, 3000).get(1).getBounds().y, "at most 18");
    assertEquals(2 + 9 + 4, LabelImages.legend(classes, 30).get(1).getBounds().y, "at least 9");
    assertEquals(0, LabelImages.legend(List.of("background"), 300).size());
  }

  @Test
  void classesAreAbsentWithoutTheProperty() {
    ImagePlus imp = LabelImages.labels("labels", 2, 1, List.of(new byte[2]), 0, 0);
    assertNull(LabelImages.classes(imp));
    assertFalse(imp.getCalibration().scaled());
    imp.setProp(LabelImages.CLASSES, " ");
    assertNull(LabelImages.classes(imp));
    LabelImages.name(imp, List.of("background", "brain"), null);
    assertNull(imp.getProp(LabelImages.SOURCE));
    assertEquals(List.of("background", "brain"), LabelImages.classes(imp));
  }

  @Test
  void probabilitiesAreAHyperstackOfOneChannelPerClass() {
    float[][] frame0 = {{0.7f, 0.1f}, {0.2f, 0.3f}, {0.1f, 0.6f}}, frame1 = {{0.5f, 0.5f}, {0.25f, 0.25f}, {0.25f, 0.25f}};
    ImagePlus imp = LabelImages.probabilities("p", 2, 1, List.of(frame0, frame1), List.of("background", "brain", "deep_grey"), 0.5, 0.5);
    assertEquals(3, imp.getNChannels());
    assertEquals(2, imp.getNFrames());
    assertEquals(1, imp.getNSlices());
    assertEquals("brain", imp.getStack().getSliceLabel(2));
    assertEquals(0.6f, imp.getStack().getProcessor(imp.getStackIndex(3, 1, 1)).getf(1), 1e-6f);
    assertEquals(0.25f, imp.getStack().getProcessor(imp.getStackIndex(2, 1, 2)).getf(0), 1e-6f);
    assertEquals(0, imp.getDisplayRangeMin());
    assertEquals(1, imp.getDisplayRangeMax());
    assertEquals(0.5, imp.getCalibration().pixelWidth);
  }

  @Test
  void savedLabelsReadBackWithTheirCalibration() throws Exception {
    ImagePlus imp = LabelImages.labels("labels", 3, 2, List.of(new byte[] {0, 1, 2, 1, 0, 2}), 0.5, 0.25,
        List.of("background", "brain", "deep_grey"), null);
    Path tif = tmp.resolve("Labels.TIF"); // upper-case extension
    LabelImages.save(imp, tif);
    OrientedVolume back = LabelMaps.readOriented(tif);
    assertNull(back.grid(), "a TIFF has no patient grid");
    assertEquals(tif.toString(), back.source());
    Volume v = back.volume();
    assertArrayEquals(new float[] {0, 1, 2, 1, 0, 2}, v.voxels());
    assertEquals(0.5, v.sx(), 1e-9);
    assertEquals(0.25, v.sy(), 1e-9);
    assertEquals(List.of("background", "brain", "deep_grey"), LabelImages.classes(IJ.openImage(tif.toString())));
  }

  @Test
  void labelFilesOfOtherKindsAreRefusedNamingTheFile() throws Exception {
    Path txt = Files.writeString(tmp.resolve("labels.txt"), "1 2 3");
    IOException e = assertThrows(IOException.class, () -> LabelMaps.read(txt));
    assertTrue(e.getMessage().startsWith(txt + ": unknown label format"), e.getMessage());
    ImageStack s = new ImageStack(2, 2);
    s.addSlice(new ColorProcessor(2, 2));
    Path rgb = tmp.resolve("rgb.tiff");
    assertTrue(new FileSaver(new ImagePlus("rgb", s)).saveAsTiff(rgb.toString()));
    e = assertThrows(IOException.class, () -> LabelMaps.read(rgb));
    assertTrue(e.getMessage().contains("not RGB") && e.getMessage().contains(rgb.toString()), e.getMessage());
    Path notTiff = Files.writeString(tmp.resolve("broken.tif"), "not a tiff");
    e = assertThrows(IOException.class, () -> LabelMaps.read(notTiff));
    assertTrue(e.getMessage().contains("ImageJ cannot open it"), e.getMessage());
    Path notSeg = Files.writeString(tmp.resolve("x.dcm"), "not dicom");
    assertThrows(IOException.class, () -> LabelMaps.read(notSeg));
  }
}
