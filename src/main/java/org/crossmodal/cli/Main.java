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
      if (ENGINE_COMMANDS.contains(name)) sub.addMixin("engine", new EngineOptions());
    });
    cli.getSubcommands().get("bench").getSubcommands().forEach((name, sub) -> {
      if (name.equals("train") || name.equals("batch")) sub.addMixin("engine", new EngineOptions());
    });
    withHelp(cli, cli.getCommandSpec().version());
    java.util.Map<String, String> before = new java.util.HashMap<>();
    for (String k : ENGINE_PROPERTIES) before.put(k, System.getProperty(k));
    try {
      return cli.setCaseInsensitiveEnumValuesAllowed(true).setExecutionExceptionHandler(Main::report)
          .setExecutionStrategy(Main::execute).execute(args);
    } finally {
      // Engine settings given to this command end with it (tests run many commands in one JVM).
      for (String k : ENGINE_PROPERTIES) {
        if (before.get(k) == null) System.clearProperty(k);
        else System.setProperty(k, before.get(k));
      }
    }
  }

  private static final String[] ENGINE_PROPERTIES = {org.crossmodal.model.Engines.WORKLOAD_PROPERTY,
      org.crossmodal.model.Engines.ISA_PROPERTY, org.crossmodal.model.Engines.PRECISION_PROPERTY,
      org.crossmodal.model.Engines.SOURCE_PROPERTY};

  /** Commands that run the network, with {@code --isa} and {@code --precision}. */
  private static final java.util.Set<String> ENGINE_COMMANDS = java.util.Set.of("demo", "run", "train-teacher",
      "train-student", "segment", "evaluate", "pseudo-label", "batch");
  /** Commands that only infer: the engine's automatic precision may pick bf16 for them. */
  private static final java.util.Set<String> INFERENCE_COMMANDS = java.util.Set.of("segment", "batch", "pseudo-label");

  /** Runs the chosen command, telling the engine when the command only infers. */
  private static int execute(CommandLine.ParseResult parsed) {
    CommandLine.ParseResult sub = parsed.hasSubcommand() ? parsed.subcommand() : null;
    String workload = org.crossmodal.model.Engines.WORKLOAD_PROPERTY;
    boolean benchBatch = sub != null && sub.commandSpec().name().equals("bench") && sub.hasSubcommand()
        && sub.subcommand().commandSpec().name().equals("batch");
    if (sub != null && (INFERENCE_COMMANDS.contains(sub.commandSpec().name()) || benchBatch) && System.getProperty(workload) == null) {
      System.setProperty(workload, "inference");
    }
    return new CommandLine.RunLast().execute(parsed);
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
