package org.crossmodal.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.crossmodal.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", description = "(Re)build the HTML report of a run folder (charts, gallery, provenance): RUN_DIR/report/index.html.")
final class ReportCommand implements Callable<Integer> {
  @Parameters(paramLabel = "RUN_DIR", description = "a folder written by 'run' or 'demo' (may be partial)")
  Path run;

  @Override
  public Integer call() throws Exception {
    System.out.println("report: " + RunReport.write(run));
    return 0;
  }
}
