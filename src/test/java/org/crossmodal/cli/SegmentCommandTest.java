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
}
