package org.crossmodal.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

/** One in-process command line run with what it printed on stdout and stderr. */
public record CliRun(int exitCode, String stdout, String stderr) {
  public static CliRun of(String... args) {
    PrintStream out = System.out, err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream(), e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      int exit = Main.run(args);
      return new CliRun(exit, o.toString(), e.toString());
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }
}
