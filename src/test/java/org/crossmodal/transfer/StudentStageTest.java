package org.crossmodal.transfer;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.model.ModelDescriptor;
import org.crossmodal.model.UNetConfig;
import org.crossmodal.testutil.TinyConfigs;
import org.crossmodal.training.TeacherData;
import org.junit.jupiter.api.Test;

/** A student learns from the MRI its configuration names: when its teacher learnt from other MRI, the Log says so. */
class StudentStageTest {
  private static ModelDescriptor teacherTrainedOn(Map<String, Object> provenance) {
    return new ModelDescriptor(ModelDescriptor.FORMAT, "teacher", new UNetConfig(2, 16, 1, 3, 0.1, 2), List.of("background", "brain",
        "deep_grey"), 32, 217, ModelDescriptor.NORMALISATION, provenance, 1, Map.of(), Map.of(), null);
  }

  @Test
  void aTeacherTrainedOnOpenImagesWarnsThatTheStudentGetsTheConfigurationsMri() throws Exception {
    TeacherConfig.Data configured = TinyConfigs.teacher(1).data;
    TeacherData colin27 = TeacherData.load(configured);
    ModelDescriptor fromOpenImages = teacherTrainedOn(Map.of("files", Map.of("image volume voxels", "ab12", "labels volume labels voxels",
        "cd34")));
    String warning = StudentStage.Teacher.otherMri(fromOpenImages, colin27);
    assertNotNull(warning);
    assertTrue(warning.matches("warning: the teacher was trained on other MRI \\((image volume voxels, labels volume labels voxels|labels volume "
        + "labels voxels, image volume voxels)\\) than the configuration names \\(ch2.nii.gz, aal.nii.gz, ch2bet.nii.gz, aal.nii.txt\\); the "
        + "student's labelled MRI and any simulated ultrasound come from the configuration's"), warning);

    assertNull(StudentStage.Teacher.otherMri(teacherTrainedOn(Map.of("files", colin27.fileHashes())), colin27), "the same files: no warning");
    assertNull(StudentStage.Teacher.otherMri(teacherTrainedOn(Map.of()), colin27), "a teacher that names no files: nothing to compare");
  }
}
