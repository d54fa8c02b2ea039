package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.pacs.Pacs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "send", description = "Send DICOM files (e.g. our SEG and SC results) to the PACS: C-STORE, or STOW-RS with --dicomweb.")
final class PacsSendCommand implements Callable<Integer> {
  @Mixin PacsOptions connection;

  @Parameters(arity = "1..*", paramLabel = "FILE|DIR", description = "DICOM files, or folders of them (e.g. our SEG and overlay results)") List<Path> inputs;

  @Override
  public Integer call() throws Exception {
    Pacs pacs = new Pacs(connection.config(), Pacs.Method.MOVE, System.err::println);
    int stored = pacs.send(inputs);
    System.out.println("stored " + stored + " instances on " + pacs.config().peer());
    return 0;
  }
}
