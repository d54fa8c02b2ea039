package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.crossmodal.io.DataSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/** A wrong --model names the path and what is wrong with it, in every command that takes one. */
@Isolated("swaps System.out and System.err")
class ModelPathErrorsTest {
  @TempDir Path tmp;

  @Test
  void aFolderGivenAsModelIsNamedAndSaidToBeAFolder() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("models"));
    Files.writeString(folder.resolve("teacher.model.zip"), "placeholder");
    String images = DataSet.file("pydicom/ExplVR_BigEnd.dcm").toString();
    String expected = folder + ": is a folder, expected a .model.zip file (it holds teacher.model.zip)";
    CliRun batch = CliRun.of("batch", "--model", folder.toString(), images, "--out", tmp.resolve("b").toString());
    assertEquals(1, batch.exitCode());
    assertTrue(batch.stderr().contains(expected), batch.stderr());
    CliRun segment = CliRun.of("segment", "--model", folder.toString(), images, "--out", tmp.resolve("s").toString());
    assertTrue(segment.stderr().contains(expected), segment.stderr());
    CliRun evaluate = CliRun.of("evaluate", "--model", folder.toString(), "--images", images, "--labels", images,
        "--out", tmp.resolve("e").toString());
    assertTrue(evaluate.stderr().contains(expected), evaluate.stderr());
  }

  @Test
  void aMissingModelIsNamedAndSaidToBeMissing() {
    Path missing = tmp.resolve("nope.model.zip");
    CliRun batch = CliRun.of("batch", "--model", missing.toString(), DataSet.file("pydicom/ExplVR_BigEnd.dcm").toString(),
        "--out", tmp.resolve("b").toString());
    assertEquals(1, batch.exitCode());
    assertTrue(batch.stderr().contains(missing + ": no such file, expected a .model.zip file"), batch.stderr());
  }
}
