package org.crossmodal.training;

import static org.junit.jupiter.api.Assertions.*;

import ai.djl.engine.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.inference.UltrasoundFrame;
import org.crossmodal.inference.UltrasoundFrames;
import org.crossmodal.io.RunFolder;
import org.crossmodal.model.Engines;
import org.crossmodal.model.ModelFile;
import org.crossmodal.simulate.BModeSimulator;
import org.crossmodal.simulate.SimulatedFrames;
import org.crossmodal.simulate.TissueTable;
import org.crossmodal.testutil.CliProcess;
import org.crossmodal.testutil.TinyConfigs;
import org.crossmodal.testutil.TinyModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The oracle resumes from the checkpoint format teacher and student use, and ends as an uninterrupted run does. */
class OracleResumeTest {
  @TempDir Path tmp;

  @Test
  void aStoppedOracleResumesAfterItsLastEpochAndEndsAsAnUninterruptedOne() throws Exception {
    Path teacher = TinyModel.save(tmp.resolve("teacher.model.zip"), 217);
    TeacherData data = TeacherData.load(TinyConfigs.teacher(1).data);
    List<UltrasoundFrame.Square> train = squares(data, data.split().train(), 8, 3), validation = squares(data, data.split().validation(), 4, 4);
    TransferConfig.Oracle c = new TransferConfig().oracle;
    c.epochs = 3;
    c.batchSize = 4;

    // AdaBN runs the network in training mode (dropout draws from the engine): both fresh runs start from the same draw.
    Engines.pytorch(2);
    Engine.getInstance().setRandomSeed(5);
    Path stopped = tmp.resolve("stopped");
    List<String> first = new ArrayList<>();
    assertThrows(TrainingCancelledException.class, () -> OracleTrainer.train(c, teacher, train, validation, stopped, new TrainingListener() {
      @Override
      public void onEpoch(int epoch, int epochs, double loss, java.util.Map<String, Double> dice, double eta) {
        first.add("epoch " + epoch);
      }

      @Override
      public boolean cancelRequested() {
        return !first.isEmpty();
      }
    }));
    RunFolder.Models folder = RunFolder.Models.oracle(stopped);
    assertTrue(Files.exists(folder.checkpoint().state()));
    assertFalse(Files.exists(folder.model()));

    List<String> second = new ArrayList<>();
    Path resumed = OracleTrainer.train(c, teacher, train, validation, stopped, new TrainingListener() {
      @Override
      public void onMessage(String m) {
        second.add(m);
      }

      @Override
      public void onEpoch(int epoch, int epochs, double loss, java.util.Map<String, Double> dice, double eta) {
        second.add("epoch " + epoch);
      }
    });
    assertEquals(List.of("resuming the oracle after epoch 1", "epoch 2", "epoch 3"), second);
    assertFalse(Files.exists(folder.checkpoint().dir()), "checkpoint removed once the model is written");
    assertEquals(List.of(), CliProcess.leftovers(stopped));

    Engine.getInstance().setRandomSeed(5);
    Path straight = OracleTrainer.train(c, teacher, train, validation, tmp.resolve("straight"), TrainingListener.SILENT);
    assertEquals(ModelFile.readDescriptor(straight).metrics(), ModelFile.readDescriptor(resumed).metrics(), "the same history, epoch by epoch");
    assertArrayEquals(parameters(straight), parameters(resumed), "the resumed oracle equals the uninterrupted one bit for bit");
  }

  private static List<UltrasoundFrame.Square> squares(TeacherData data, List<Integer> slices, int frames, long seed) throws Exception {
    return UltrasoundFrames.simulated(SimulatedFrames.generate(data.image(), data.classes(), slices, frames, seed, BModeSimulator.defaults(),
        TissueTable.defaults())).stream().map(f -> f.toNetwork(new org.crossmodal.data.NetworkGeometry(32, 217))).toList();
  }

  private static byte[] parameters(Path model) throws Exception {
    try (var zip = new java.util.zip.ZipFile(model.toFile())) {
      return zip.getInputStream(zip.getEntry("parameters.bin")).readAllBytes();
    }
  }
}
