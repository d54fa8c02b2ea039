package org.crossmodal.transfer;

/** A teacher configuration small enough for tests: 32×32 slices, a 2-level U-Net. */
final class TinyTeacher {
  private TinyTeacher() {}

  static TeacherConfig config(int epochs) {
    TeacherConfig c = new TeacherConfig();
    c.data.size = 32;
    c.data.blockSize = 5;
    c.network.depth = 2;
    c.network.baseChannels = 16;
    c.training.epochs = epochs;
    c.training.batchSize = 8;
    c.training.patience = 100;
    c.training.augment = false;
    return c;
  }
}
