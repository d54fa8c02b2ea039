package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.crossmodal.io.DataSet;
import org.crossmodal.testutil.Tools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A second atlas on Colin27, on the real files of mricron-data: AICHA, drawn at 2 mm on a 91×109×91
 * grid stored right to left, brought onto Colin27's 1 mm grid only when asked (nearest neighbour, the
 * same labels an independent numpy sampling gives), and its own label names mapped to the classes of
 * the AAL recipe.
 */
class AtlasOnAnotherGridTest {
  @TempDir Path tmp;

  /** AICHA's names for the default recipe's classes: caudate, pallidum, putamen and thalamus (not the amygdala, as in AAL). */
  static ClassRecipe aichaDeepGrey() {
    return new ClassRecipe(List.of(
        new ClassRecipe.ClassRule("background", null, null),
        new ClassRecipe.ClassRule("brain", "brain", null),
        new ClassRecipe.ClassRule("deep_grey", null, List.of("N_Caudate-1", "N_Caudate-2", "N_Caudate-3", "N_Caudate-4",
            "N_Caudate-5", "N_Caudate-6", "N_Caudate-7", "N_Pallidum-1", "N_Putamen-2", "N_Putamen-3", "N_Thalamus-1",
            "N_Thalamus-2", "N_Thalamus-3", "N_Thalamus-4", "N_Thalamus-5", "N_Thalamus-6", "N_Thalamus-7", "N_Thalamus-8",
            "N_Thalamus-9"))));
  }

  @Test
  void aCoarserAtlasIsRefusedUnlessResamplingIsAsked() throws Exception {
    OrientedVolume image = NiftiReader.readOriented(DataSet.file("mricron/ch2.nii.gz"));
    OrientedVolume aicha = LabelMaps.readOriented(DataSet.file("mricron/AICHAmc.nii.gz"));
    Exception e = assertThrows(java.io.IOException.class, () -> GridMatch.onto(aicha, image));
    assertTrue(e.getMessage().contains("AICHAmc.nii.gz") && e.getMessage().contains("ch2.nii.gz")
        && e.getMessage().contains("voxel size 2.000 mm"), e.getMessage());

    Volume on = GridMatch.onto(aicha, image, true);
    assertTrue(on.sameGrid(image.volume()), "on the image's grid");

    // The oracle: numpy, from the two files' sforms, nearest neighbour (rounding half up, as Java's Math.round),
    // with the other candidate where a coordinate sits on a tie (half the voxels: 1 mm voxels against 2 mm ones).
    Path expected = tmp.resolve("expected.bin"), other = tmp.resolve("other.bin");
    Tools.python("""
        import gzip, struct, sys, numpy as np
        def load(p):
            b = gzip.open(p).read()
            dim = struct.unpack('<8h', b[40:56]); dt = struct.unpack('<h', b[70:72])[0]
            off = int(struct.unpack('<f', b[108:112])[0]); srow = np.array(struct.unpack('<12f', b[280:328])).reshape(3, 4)
            n = dim[1] * dim[2] * dim[3]
            a = np.frombuffer(b, {2: np.uint8, 4: np.int16}[dt], n, off).reshape(dim[3], dim[2], dim[1])
            return a, srow
        img, s_img = load(sys.argv[1]); lab, s_lab = load(sys.argv[2])
        nz, ny, nx = img.shape
        z, y, x = np.meshgrid(np.arange(nz), np.arange(ny), np.arange(nx), indexing='ij')
        world = s_img[:, :3] @ np.stack([x.ravel(), y.ravel(), z.ravel()]) + s_img[:, 3:4]
        inv = np.linalg.inv(np.vstack([s_lab, [0, 0, 0, 1]]))[:3]
        q = inv[:, :3] @ world + inv[:, 3:4]
        hi = [np.clip(np.floor(q[i] + 0.5 + 1e-4), 0, lab.shape[2 - i] - 1).astype(int) for i in range(3)]
        lo = [np.clip(np.floor(q[i] + 0.5 - 1e-4), 0, lab.shape[2 - i] - 1).astype(int) for i in range(3)]
        lab[hi[2], hi[1], hi[0]].astype('<i4').tofile(sys.argv[3])
        lab[lo[2], lo[1], lo[0]].astype('<i4').tofile(sys.argv[4])
        """, DataSet.file("mricron/ch2.nii.gz").toString(), DataSet.file("mricron/AICHAmc.nii.gz").toString(),
        expected.toString(), other.toString());
    int[] a = ints(expected), b = ints(other);
    float[] v = on.voxels();
    assertEquals(a.length, v.length);
    int wrong = 0, labelled = 0;
    for (int i = 0; i < v.length; i++) {
      if (v[i] > 0) labelled++;
      if (v[i] != a[i] && v[i] != b[i]) wrong++;
    }
    assertEquals(0, wrong, "voxels whose label is neither nearest neighbour");
    assertTrue(labelled > 1_000_000, "AICHA labels " + labelled + " voxels of Colin27's brain at 1 mm");
  }

  @Test
  void aRegionFurtherOffThanOneCoarseVoxelIsStillRefused() throws Exception {
    OrientedVolume image = NiftiReader.readOriented(DataSet.file("mricron/ch2.nii.gz"));
    OrientedVolume aicha = LabelMaps.readOriented(DataSet.file("mricron/AICHAmc.nii.gz"));
    double[] m = aicha.grid().matrix().clone();
    m[7] += 4.5; // shifted 4.5 mm along A: more than one of its 2 mm voxels
    OrientedVolume shifted = new OrientedVolume(aicha.volume(), new PatientGrid(m), aicha.source());
    Exception e = assertThrows(java.io.IOException.class, () -> GridMatch.onto(shifted, image, true));
    assertTrue(e.getMessage().contains("along A"), e.getMessage());
  }

  @Test
  void aichaNamesMakeTheSameClassesAsAalWithDeepGreyOverlappingClosely() throws Exception {
    OrientedVolume image = NiftiReader.readOriented(DataSet.file("mricron/ch2.nii.gz"));
    Map<String, Volume> masks = Map.of("brain", NiftiReader.read(DataSet.file("mricron/ch2bet.nii.gz")));
    Volume aal = ClassRecipe.colin27DeepGrey().apply(NiftiReader.read(DataSet.file("mricron/aal.nii.gz")),
        LabelTable.read(DataSet.file("mricron/aal.nii.txt")), masks);
    Volume aichaOnImage = GridMatch.onto(LabelMaps.readOriented(DataSet.file("mricron/AICHAmc.nii.gz")), image, true);
    LabelTable aichaNames = LabelTable.read(DataSet.file("mricron/AICHAmc.nii.txt"));
    ClassRecipe recipe = aichaDeepGrey();
    ClassRecipe.colin27DeepGrey().requireSameClasses(recipe, "AICHA's recipe");
    Volume aicha = recipe.apply(aichaOnImage, aichaNames, masks);

    long both = 0, inAal = 0, inAicha = 0, brainDiffers = 0;
    for (int i = 0; i < aal.voxels().length; i++) {
      boolean p = aal.voxels()[i] == 2, q = aicha.voxels()[i] == 2;
      if (p) inAal++;
      if (q) inAicha++;
      if (p && q) both++;
      if ((aal.voxels()[i] >= 1) != (aicha.voxels()[i] >= 1)) brainDiffers++;
    }
    double dice = 2.0 * both / (inAal + inAicha);
    // Two atlases drawn independently on other brains' averages, AICHA at 2 mm: close, not equal.
    assertTrue(dice > 0.65 && dice < 0.95, "deep grey Dice AAL vs AICHA on Colin27: " + dice);
    assertTrue(inAicha > 0.7 * inAal && inAicha < 1.4 * inAal, inAal + " against " + inAicha + " voxels");
    // Deep grey lies inside the brain mask in both readings, so brain-or-deeper is the mask's, voxel for voxel,
    // except where AICHA's deep grey pokes out of ch2bet's brain.
    assertTrue(brainDiffers < 0.001 * aal.voxels().length, brainDiffers + " voxels differ in brain-or-deeper");

    IllegalArgumentException wrongTable = assertThrows(IllegalArgumentException.class,
        () -> recipe.apply(aichaOnImage, LabelTable.read(DataSet.file("mricron/aal.nii.txt")), masks));
    assertTrue(wrongTable.getMessage().contains("N_Caudate-1"), wrongTable.getMessage());
  }

  @Test
  void aRecipeForAnotherAtlasMustMakeTheSameClassesInTheSameOrder() {
    ClassRecipe shared = ClassRecipe.colin27DeepGrey();
    List<ClassRecipe.ClassRule> swapped = new java.util.ArrayList<>(aichaDeepGrey().classes());
    java.util.Collections.swap(swapped, 1, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> shared.requireSameClasses(new ClassRecipe(swapped), "AICHA's recipe"));
    assertTrue(e.getMessage().startsWith("AICHA's recipe must make the same classes in the same order")
        && e.getMessage().contains("[background, deep_grey, brain]"), e.getMessage());
  }

  private static int[] ints(Path f) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
    int[] out = new int[b.remaining() / 4];
    b.asIntBuffer().get(out);
    return out;
  }
}
