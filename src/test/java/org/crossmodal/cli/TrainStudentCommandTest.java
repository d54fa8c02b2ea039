package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.ModelFile;
import org.crossmodal.testutil.CliProcess;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train-student with a teacher of one network size and a configuration written for another (the
 * toy configuration asks for 32 pixels; this teacher works at 64): the student takes the teacher's
 * size and says so, in a JVM of its own so that whatever libtorch prints reaches the log.
 */
class TrainStudentCommandTest {
  @TempDir Path tmp;

  @Test
  void aStudentTakesItsTeachersNetworkSizeWhateverTheConfigurationSays() throws Exception {
    Path teacher = TinyModel.brainTeacher(tmp.resolve("teacher.model.zip"), 64, 217, -1);
    Path out = tmp.resolve("student");
    String log = CliProcess.finish(tmp.resolve("log"), "train-student", "--teacher", teacher.toString(), "--config",
        Path.of("plugins/examples/tiny.yaml").toAbsolutePath().toString(), "--out", out.toString());
    assertTrue(log.contains("network input 64 x 64 pixels, taken from the teacher (teacher.model.zip); the configuration's "
        + "teacher.data.size (32) is for training a teacher"), log);
    assertFalse(log.contains("Exception") || log.contains("out of bounds"), log);
    assertFalse(log.contains("deprecated") || log.contains("Warning:"), "libtorch's own warnings stay out of the terminal: " + log);
    ModelDescriptor student = ModelFile.readDescriptor(RunFolder.Models.student(out).model());
    assertEquals(64, student.inputSize());
    assertEquals(List.of("MR", "US"), student.trainedFor().modalities(), "a student has also seen ultrasound");
    assertEquals("brain", student.trainedFor().anatomy());
  }

  @Test
  void aConfigurationWithOtherClassesIsRefusedUpFrontNamingBoth() throws Exception {
    Path teacher = TinyModel.brainTeacher(tmp.resolve("teacher.model.zip"), 64, 217, -1);
    Path config = Files.writeString(tmp.resolve("two-classes.yaml"), """
        teacher:
          data:
            recipe: {classes: [{name: background}, {name: brain, mask: brain}]}
        """);
    Path out = tmp.resolve("student");
    CliRun run = CliRun.of("train-student", "--teacher", teacher.toString(), "--config", config.toString(), "--out", out.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.stderr().contains("train-student: " + teacher + ": the teacher segments background, brain, deep_grey, but the "
        + "configuration's classes (teacher.data.recipe) are background, brain"), run.stderr());
  }
}
