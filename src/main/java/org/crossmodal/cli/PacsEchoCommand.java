package org.crossmodal.cli;

import java.util.concurrent.Callable;
import org.crossmodal.pacs.Pacs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "echo", description = "C-ECHO the PACS (with --dicomweb: a one-study QIDO-RS search).")
final class PacsEchoCommand implements Callable<Integer> {
  @Mixin PacsOptions connection;

  @Override
  public Integer call() throws Exception {
    Pacs pacs = new Pacs(connection.config(), Pacs.Method.MOVE, System.err::println);
    long t0 = System.nanoTime();
    pacs.echo();
    System.out.printf("%s answered in %d ms%n", pacs.config().peer(), (System.nanoTime() - t0) / 1_000_000);
    return 0;
  }
}
