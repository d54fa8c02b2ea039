package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;

/** Colour-flow pixels leave the area models see; grey (B-mode) pixels never do. */
class ColourFlowTest {
  @Test
  void aPixelColouredInAnyFrameLeavesTheAreaAndGreyOnesStay() {
    boolean[] area = {true, true, true, true, true, false};
    int grey = 0x808080, red = 0xc02010, nearlyGrey = 0x80806a; // max - min: 0, 176, 22
    int[][] rgb = {{grey, red, nearlyGrey, grey, grey, red}, {grey, grey, grey, 0x2040e0, grey, grey}};
    assertArrayEquals(new boolean[] {true, false, true, false, true, false}, ColourFlow.excluded(area, rgb));
    assertTrue(area[1], "the series' own area is not changed");
  }

  @Test
  void anImageColouredOverMostOfItsAreaKeepsItWhole() {
    boolean[] area = {true, true, true, true};
    int yellow = 0xffff00, grey = 0x404040;
    assertArrayEquals(area, ColourFlow.excluded(area, new int[][] {{yellow, yellow, yellow, grey}}), "3 of 4 coloured: a colour rendering");
    assertArrayEquals(new boolean[] {false, false, true, true}, ColourFlow.excluded(area, new int[][] {{yellow, yellow, grey, grey}}),
        "2 of 4: not more than half, an overlay");
  }

  @Test
  void theRealEchosColourFlowBoxIsTakenOutOfWhatTheModelsSee() throws Exception {
    ImageSeries series;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(DataSet.file(TransferConfig.DEMO_ECHO)))) {
      series = new SeriesLoader().load(scan.loadable().get(0));
    }
    List<ImageSource> sources = new ArrayList<>();
    ImageSources.open(List.of(DataSet.file(TransferConfig.DEMO_ECHO)), sources::add, e -> fail(e));
    boolean[] area = series.imagingMask(), seen = sources.get(0).mask();
    int inArea = 0, removed = 0;
    for (int i = 0; i < area.length; i++) {
      if (area[i]) inArea++;
      if (area[i] && !seen[i]) removed++;
      assertFalse(seen[i] && !area[i], "nothing outside the imaging area is added");
    }
    // pydicom, palette applied, counts 27386 pixels (10.6 %) with max - min of R, G, B >= 24 in some frame.
    // Outside the sector are the rest: the green ECG trace and the colour bar, which the area never held.
    assertTrue(removed >= 0.75 * 27386 && removed <= 27386, removed + " of " + inArea + " pixels, pydicom: 27386 coloured");
  }
}
