package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.crossmodal.model.ModelFile;
import org.crossmodal.config.TeacherConfig;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.training.TeacherTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-teacher", description = "Train the MRI teacher (defaults: Colin27 T1 with AAL deep grey nuclei). A killed run resumes.")
final class TrainTeacherCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "teacher-run", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--epochs", description = "override training.epochs")
  Integer epochs;

  @Option(names = "--seed", description = "override training.seed")
  Long seed;

  @Override
  public Integer call() throws Exception {
    TeacherConfig c = config.read(TransferConfig::new).teacher;
    if (epochs != null) c.training.epochs = epochs;
    if (seed != null) c.training.seed = seed;
    Path model;
    try (ProgressRenderer progress = new ProgressRenderer("teacher")) {
      model = TeacherTrainer.train(c, out, progress);
    }
    @SuppressWarnings("unchecked")
    Map<String, Double> test = (Map<String, Double>) ModelFile.readDescriptor(model).metrics().get("testDice");
    System.out.println("model: " + model);
    test.forEach((k, v) -> System.out.printf("test Dice %-16s %.4f%n", k, v));
    return 0;
  }
}
