package org.crossmodal.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/** Every command answers --help with its help and exit code 0, and every option and parameter says what it is. */
class CommandHelpTest {
  /** "segment", "pacs find", … : every command a user can type. */
  static List<String> commands() {
    List<String> out = new ArrayList<>();
    collect(new CommandLine(new Main()), "", out);
    return out;
  }

  private static void collect(CommandLine cli, String prefix, List<String> out) {
    cli.getSubcommands().forEach((name, sub) -> {
      if (name.equals("help")) return;
      out.add(prefix + name);
      collect(sub, prefix + name + " ", out);
    });
  }

  @Test
  void everyCommandPrintsItsHelpForDashDashHelpAndExitsZero() {
    List<String> commands = commands();
    assertTrue(commands.containsAll(List.of("segment", "batch", "studies", "train-student", "pacs find", "bench train")), commands.toString());
    for (String c : commands) {
      List<String> args = new ArrayList<>(List.of(c.split(" ")));
      args.add("--help");
      CliRun run = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, run.exitCode(), c + " --help: " + run.stderr());
      assertTrue(run.stdout().startsWith("Usage: crossmodal " + c + " "), c + " --help printed: " + run.stdout() + run.stderr());
      assertEquals("", run.stderr(), c + " --help wrote to stderr");
    }
    CliRun shortForm = CliRun.of("batch", "-h");
    assertEquals(0, shortForm.exitCode());
    assertTrue(shortForm.stdout().contains("--model=MODEL"), shortForm.stdout());
  }

  @Test
  void everyOptionAndParameterOfEveryCommandHasADescriptionAndALabel() {
    List<String> missing = new ArrayList<>();
    CommandLine main = new CommandLine(new Main());
    for (String c : commands()) {
      CommandLine cli = main;
      for (String part : c.split(" ")) cli = cli.getSubcommands().get(part);
      List<ArgSpec> args = new ArrayList<>(cli.getCommandSpec().options());
      args.addAll(cli.getCommandSpec().positionalParameters());
      for (ArgSpec a : args) {
        String name = a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
        if (a.description().length == 0 || String.join("", a.description()).isBlank()) missing.add(c + " " + name + ": no description");
        if (a.arity().max() > 0 && !(a.type() == boolean.class) && a.paramLabel().startsWith("<")) {
          missing.add(c + " " + name + ": no label (help shows " + a.paramLabel() + ")");
        }
      }
    }
    assertEquals(List.of(), missing);
  }

  @Test
  void helpSaysWhatSegmentDoesWithAnUncalibratedImage() {
    CliRun run = CliRun.of("segment", "--help");
    assertTrue(run.stdout().contains("--depth=MM"), run.stdout());
    assertTrue(run.stdout().contains("named after"), run.stdout());
  }
}
