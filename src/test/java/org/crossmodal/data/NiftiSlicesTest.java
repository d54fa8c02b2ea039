package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code segment} and {@code pseudo-label} are shown of a NIfTI volume: Colin27's T1 and the same
 * head stored in another axis order (rows and columns swapped, slices reversed) with the sform that
 * says so give the same axial slices, anterior up, as the teacher's training slices of Colin27.
 */
class NiftiSlicesTest {
  @TempDir Path tmp;

  @Test
  void aVolumeStoredInAnotherAxisOrderGivesTheSameAxialSlices() throws Exception {
    Path ch2 = DataSet.file("mricron/ch2.nii.gz");
    OrientedVolume head = NiftiReader.readOriented(ch2);
    Path reordered = NiftiFiles.writeNifti(tmp.resolve("ch2-reordered.nii"), NiftiFiles.transposed(head.volume()),
        NiftiFiles.transposed(head.grid(), head.volume().nz()));

    ImageSource original = open(ch2), other = open(reordered);
    Volume v = head.volume();
    assertEquals(v.nx(), other.width(), "columns run left-right again");
    assertEquals(v.ny(), other.height());
    assertEquals(v.nz(), other.frames().length);
    assertEquals(v.sx(), other.pixelWidthMm(), 1e-6);
    for (int z = 0; z < v.nz(); z++) {
      assertArrayEquals(AxialSlices.displaySlice(v, z), original.frames()[z], "Colin27 slice " + z);
      assertArrayEquals(original.frames()[z], other.frames()[z], "the reordered file's slice " + z);
    }
  }

  private static ImageSource open(Path p) {
    List<ImageSource> out = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    ImageSources.open(List.of(p), out::add, errors::add);
    assertEquals(List.of(), errors);
    assertEquals(1, out.size());
    return out.get(0);
  }
}
