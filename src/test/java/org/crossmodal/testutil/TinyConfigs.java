package org.crossmodal.testutil;

import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;

/** Configurations small enough for tests: 32×32 slices, a 2-level U-Net, a dozen ultrasound frames. */
public final class TinyConfigs {
  private TinyConfigs() {}

  public static TeacherConfig teacher(int epochs) {
    TeacherConfig c = new TeacherConfig();
    c.data.size = 32;
    c.data.blockSize = 5;
    c.network.depth = 2;
    c.network.baseChannels = 16;
    c.training.epochs = epochs;
    c.training.batchSize = 8;
    c.training.augment = false;
    c.data.evaluationViews = 4;
    return c;
  }

  public static TransferConfig run() {
    TransferConfig c = new TransferConfig();
    c.teacher = teacher(2);
    c.simulation.trainFrames = 12;
    c.simulation.validationFrames = 6;
    c.simulation.testFrames = 6;
    c.simulation.heldOutFrames = 4;
    c.student.rounds = 2;
    c.student.epochsPerRound = 1;
    c.student.warmupEpochs = 1;
    c.student.batchSize = 4;
    c.oracle.epochs = 1;
    c.oracle.batchSize = 4;
    c.ultrasound = new java.util.ArrayList<>(java.util.List.of(TransferConfig.DEMO_ECHO));
    return c;
  }
}
