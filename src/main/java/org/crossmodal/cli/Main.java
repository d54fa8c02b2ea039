package org.crossmodal.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code bin/crossmodal}: one picocli subcommand per job, all over the pipeline API. */
@Command(name = "crossmodal", mixinStandardHelpOptions = true, version = "CrossModal Transfer 0.1.0",
    description = "MRI to ultrasound segmentation transfer.",
    subcommands = {
        CommandLine.HelpCommand.class,
        StudiesCommand.class,
        ExportCommand.class,
        DemoCommand.class,
        TrainTeacherCommand.class,
        SegmentCommand.class,
        SimulateCommand.class,
        EvaluateCommand.class,
        RunCommand.class,
        PseudoLabelCommand.class,
        TrainStudentCommand.class,
        BatchCommand.class,
        ReportCommand.class,
        BenchCommand.class,
        PacsCommand.class,
        FijiInstallCommand.class,
    })
public final class Main {
  /** The environment variable that sets how much the libraries log (error, warn — the default —, info, debug, trace, off). */
  static final String LOG_LEVEL = "CROSSMODAL_LOG";

  public static void main(String[] args) {
    String level = System.getenv(LOG_LEVEL);
    // Read by slf4j-simple when the first logger is made, so it is set before anything logs.
    if (level != null && !level.isBlank()) System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", level.trim());
    System.exit(run(args));
  }

  /** Runs the command line in-process (tests call this) and returns its exit code. */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help")) sub.addMixin("limits", new LimitOptions());
    });
    withHelp(cli, cli.getCommandSpec().version());
    return cli.setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(Main::report).execute(args);
  }

  /**
   * {@code -h/--help} (and {@code -V/--version}) on every command and subcommand, so that
   * {@code crossmodal segment --help} prints the command's help and exits 0 as
   * {@code crossmodal help segment} does, even though its required options are missing.
   */
  private static void withHelp(CommandLine cli, String[] version) {
    for (CommandLine sub : cli.getSubcommands().values()) {
      if (sub.getCommand() instanceof CommandLine.HelpCommand) continue;
      if (sub.getCommandSpec().optionsMap().get("--help") == null) sub.getCommandSpec().mixinStandardHelpOptions(true);
      if (sub.getCommandSpec().version().length == 0) sub.getCommandSpec().version(version);
      withHelp(sub, version);
    }
  }

  /**
   * One line naming what failed and why, instead of a stack trace; the trace follows only when
   * CROSSMODAL_DEBUG is set.
   */
  private static int report(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
    String message = e instanceof java.nio.file.NoSuchFileException ? e.getMessage() + ": no such file"
        : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message);
    if (System.getenv("CROSSMODAL_DEBUG") != null) e.printStackTrace(cmd.getErr());
    return 1;
  }
}
