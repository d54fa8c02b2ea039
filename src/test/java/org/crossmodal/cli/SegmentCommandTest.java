package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import ij.IJ;
import ij.ImagePlus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.dicom.ImageSeries;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SeriesLoader;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.model.LoadedModel;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.model.UNetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.crossmodal.testutil.ConstantModel;
import org.crossmodal.testutil.Tools;

@Isolated("runs the command line in-process (System.out, system properties)")
class SegmentCommandTest {
  @TempDir Path tmp;

  @Test
  void segmentsDicomAndNiftiInputsAndReportsBadOnes() throws Exception {
    Path model = tmp.resolve("m.zip");
    ModelDescriptor d = new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", new UNetConfig(2, 16, 1, 3, 0.1, 2),
        List.of("background", "brain", "deep_grey"), 32, 0, ModelDescriptor.NORMALISATION, Map.of(), 1, Map.of(), Map.of(), null);
    try (LoadedModel m = LoadedModel.create(d, 2)) {
      m.net().initialize(m.model().getNDManager(), DataType.FLOAT32, new Shape(1, 1, 32, 32));
      ModelFile.save(model, m.net(), d);
    }
    Path echo = DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
    Path notDicom = Files.writeString(tmp.resolve("notes.txt"), "hello");
    Path out = tmp.resolve("out");
    int exit = Main.run("segment", "--model", model.toString(), echo.toString(), DataSet.file("pydicom/MR_small.dcm").toString(),
        notDicom.toString(), "--out", out.toString());
    assertEquals(0, exit);
    JsonNode results = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results");
    assertEquals(3, results.size(), results.toString());
    boolean reported = false;
    for (JsonNode r : results) reported |= r.get("error").asText("").contains("notes.txt: not a DICOM file");
    assertTrue(reported, results.toString());

    ImageSeries series;
    try (ScannedStudies scan = new StudyScanner().scan(List.of(echo))) {
      series = new SeriesLoader().load(scan.loadable().get(0));
    }
    String name = "US_" + series.info().seriesInstanceUid();
    ImagePlus labels = IJ.openImage(out.resolve(name + "_labels.tif").toString());
    assertEquals(series.width(), labels.getWidth());
    assertEquals(10, labels.getStackSize());
    byte[] px = (byte[]) labels.getStack().getProcessor(1).getPixels();
    for (int i = 0; i < px.length; i++) {
      if (!series.imagingMask()[i]) assertEquals(0, px[i], "label outside the ultrasound sector at " + i);
    }
    ImagePlus probs = IJ.openImage(out.resolve(name + "_probabilities.tif").toString());
    assertEquals(3, probs.getNChannels());
    assertEquals(10, probs.getNFrames());
  }

  /**
   * A NIfTI volume written by hand (python, struct: 40×30×4 float32, 1.5×1.5×3 mm voxels, gzipped) through
   * {@code segment}: with a model that answers brain everywhere, one label slice per axial slice, every
   * pixel brain, calibrated in mm; probabilities per class and slice.
   */
  @Test
  void segmentsANiftiVolumeSliceBySlice() throws Exception {
    Path nii = tmp.resolve("head.nii.gz");
    Tools.python("""
        import gzip, struct, sys
        nx, ny, nz = 40, 30, 4
        h = bytearray(348)
        struct.pack_into('<i', h, 0, 348)
        struct.pack_into('<8h', h, 40, 3, nx, ny, nz, 1, 1, 1, 1)
        struct.pack_into('<hh', h, 70, 16, 32)  # float32
        struct.pack_into('<8f', h, 76, 1, 1.5, 1.5, 3.0, 1, 1, 1, 1)
        struct.pack_into('<ff', h, 108, 352, 1.0)  # vox_offset, scl_slope
        h[123] = 10  # xyzt_units: mm, s
        h[344:348] = b'n+1' + bytes(1)
        data = b''.join(struct.pack('<f', (x + 2 * y + 5 * z) % 17) for z in range(nz) for y in range(ny) for x in range(nx))
        with gzip.open(sys.argv[1], 'wb') as f:
            f.write(bytes(h) + bytes(4) + data)
        """, nii.toString());
    Path model = ConstantModel.save(tmp.resolve("brain.zip"), 1, 10, 0);
    Path out = tmp.resolve("out");
    assertEquals(0, Main.run("segment", "--model", model.toString(), nii.toString(), "--out", out.toString()));
    JsonNode results = Json.MAPPER.readTree(out.resolve("segmentations.json").toFile()).get("results");
    assertEquals(1, results.size(), results.toString());
    assertEquals(4, results.get(0).get("frames").asInt(), results.toString());
    assertTrue(results.get(0).get("error").isNull(), results.toString());

    ImagePlus labels = IJ.openImage(out.resolve("head_labels.tif").toString());
    assertEquals(40, labels.getWidth());
    assertEquals(30, labels.getHeight());
    assertEquals(4, labels.getStackSize(), "one label image per axial slice");
    assertEquals(1.5, labels.getCalibration().pixelWidth, 1e-5, "TIFF keeps the scale as a rational");
    assertEquals(1.5, labels.getCalibration().pixelHeight, 1e-5);
    assertEquals("mm", labels.getCalibration().getUnit());
    for (int z = 1; z <= 4; z++) {
      for (byte b : (byte[]) labels.getStack().getProcessor(z).getPixels()) assertEquals(1, b, "brain everywhere on slice " + z);
    }
    ImagePlus probs = IJ.openImage(out.resolve("head_probabilities.tif").toString());
    assertEquals(3, probs.getNChannels());
    assertEquals(4, probs.getNFrames() * probs.getNSlices());
    double brain = ConstantModel.probabilities(new float[] {0, 10, 0})[1];
    probs.setPosition(2, 1, 1);
    for (float v : (float[]) probs.getProcessor().getPixels()) assertEquals(brain, v, 1e-3, "the brain channel");
  }
}
