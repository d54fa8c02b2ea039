package org.crossmodal.data;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which real ultrasound inputs have labels beside them: by file name only, so empty files do. */
class UltrasoundInputsTest {
  @TempDir Path tmp;

  private Path touch(String name) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.write(p, new byte[] {1});
  }

  @Test
  void imagesWithLabelsBesideThemAreLabelledAndTheLabelFilesAreNoInputs() throws Exception {
    Path a = touch("exam/a.dcm"), aLabels = touch("exam/a_labels.tif");
    Path b = touch("exam/b.dcm");
    Path c = touch("exam/c.dcm"), cSeg = touch("exam/c_seg.dcm");
    Path d = touch("exam/d.dcm"), dTif = touch("exam/d.tif");
    Path e = touch("exam/e.tif"), eLabels = touch("exam/e_labels.tif");
    touch("exam/DICOMDIR");
    UltrasoundInputs.Split s = UltrasoundInputs.split(List.of(tmp.resolve("exam")));
    assertEquals(List.of(a, c, d, e).stream().map(Path::getFileName).toList(),
        s.labelled().stream().map(l -> l.image().getFileName()).toList());
    assertEquals(List.of(aLabels, cSeg, dTif, eLabels).stream().map(Path::getFileName).toList(),
        s.labelled().stream().map(l -> l.labels().getFileName()).toList());
    assertEquals(List.of(b), s.unlabelled(), "label files and the DICOMDIR index are not inputs");
  }

  @Test
  void aFolderWithoutLabelsIsPassedOnWholeAndAFileIsJudgedByItsNeighbours() throws Exception {
    Path plain = tmp.resolve("plain");
    touch("plain/x.dcm");
    touch("plain/y.dcm");
    Path z = touch("single/z.dcm"), zLabels = touch("single/z.tif");
    Path w = touch("single/w.dcm");
    UltrasoundInputs.Split s = UltrasoundInputs.split(List.of(plain, z, w));
    assertEquals(List.of(plain, w), s.unlabelled());
    assertEquals(1, s.labelled().size());
    assertEquals(zLabels.getFileName(), s.labelled().get(0).labels().getFileName());
    assertNull(UltrasoundInputs.labelsBeside(zLabels), "a label file has no labels of its own");
  }
}
