package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.crossmodal.pacs.Pacs;
import org.crossmodal.pacs.PacsException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", description = "Retrieve studies into the local cache DIR/<StudyUID>/<SeriesUID>/<SOPInstanceUID>.dcm; cached instances are not transferred again.")
final class PacsGetCommand implements Callable<Integer> {
  @Mixin PacsOptions connection;

  @Parameters(arity = "1..*", paramLabel = "STUDY_UID") List<String> studies;

  @Option(names = "--cache", required = true, paramLabel = "DIR") Path cache;

  @Option(names = "--method", defaultValue = "move", description = "move (C-MOVE to our storage SCP) or get (C-GET); ignored with --dicomweb (default: ${DEFAULT-VALUE})")
  Pacs.Method method;

  @Override
  public Integer call() throws java.io.IOException {
    Pacs pacs = new Pacs(connection.config(), method, System.err::println);
    int failed = 0;
    for (String study : studies) {
      try {
        Pacs.Retrieval r = pacs.retrieve(study, cache);
        System.out.printf("%s  instances=%d  transferred=%d  cached=%d  %s%n", r.studyInstanceUid(), r.instances(), r.transferred(),
            r.alreadyCached(), r.folder());
      } catch (PacsException e) {
        failed++;
        System.err.println("crossmodal pacs get: " + e.getMessage());
      }
    }
    return failed == 0 ? 0 : 1;
  }
}
