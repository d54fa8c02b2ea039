package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.config.TransferConfig;
import org.crossmodal.transfer.TransferRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train-student", description = "Train the student from a teacher: pseudo-labelled ultrasound plus labelled MRI, with the adaptation layers of the configuration. A killed run resumes.")
final class TrainStudentCommand implements Callable<Integer> {
  @Option(names = "--teacher", required = true, paramLabel = "MODEL")
  Path teacher;

  @Mixin ConfigOption config;

  @Option(names = "--ultrasound", paramLabel = "PATH", arity = "1..*",
      description = "unlabelled ultrasound to adapt to (DICOM or TIFF); default: simulated from the teacher's training slices")
  List<Path> ultrasound = new ArrayList<>();

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "student-run", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Override
  public Integer call() throws Exception {
    TransferConfig c = config.read(TransferConfig::new);
    Path model;
    try (ProgressRenderer progress = new ProgressRenderer("student")) {
      model = TransferRun.student(c, teacher, ultrasound, out, progress);
    }
    System.out.println("model: " + model);
    return 0;
  }
}
