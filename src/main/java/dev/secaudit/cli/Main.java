package dev.secaudit.cli;

import dev.secaudit.policy.UsageException;
import dev.secaudit.report.PrintableText;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ScopeType;

/** The secaudit command line: parses, wires the pieces, maps outcomes to exit codes. */
public final class Main implements Runnable {
  /**
   * A subcommand by name, and how to make it: its model ({@link CommandModel}), or for picocli's
   * own {@code help} its class, which picocli reads by reflection.
   */
  record Subcommand(String name, java.util.function.Function<Main, Object> make) {
    /**
     * The subcommands, in help order. Each is made only when a command line needs it: building
     * one's model costs a JVM that runs one command a tenth of a second for the thirteen it does
     * not run. Kept here, not in Main, so that {@code --version} initialises none of these
     * lambdas (their first use spins up java.lang.invoke: 79 classes).
     */
    static final java.util.List<Subcommand> ALL = java.util.List.of(
        new Subcommand("scan", main -> new ScanCommand(main).model()),
        new Subcommand("validate", main -> new ValidateCommand(main).model()),
        new Subcommand("schema", main -> new SchemaCommand(main).model()),
        new Subcommand("report", main -> new ReportCommand(main).model()),
        new Subcommand("demo", main -> new DemoCommand(main).model()),
        new Subcommand("checks", main -> new ChecksCommand(main).model()),
        new Subcommand("evidence", main -> new EvidenceCommand(main).model()),
        new Subcommand("history", main -> new HistoryCommand(main).model()),
        new Subcommand("period", main -> new PeriodCommand(main).model()),
        new Subcommand("merge", main -> new MergeCommand(main).model()),
        new Subcommand("answer", main -> new AnswerCommand(main).model()),
        new Subcommand("page", main -> new PageCommand(main).model()),
        new Subcommand("init", main -> new InitCommand(main).model()),
        new Subcommand("help", main -> CommandLine.HelpCommand.class));
  }

  /**
   * What the commands need from the outside world, injected so tests run them in-process.
   *
   * @param interactive stdout is a terminal that takes colour (see {@link Terminals})
   * @param progressInPlace stderr is a terminal, where progress is one line rewritten in place
   * @param columns the width the console report wraps at (at least 80)
   */
  public record Context(PrintWriter out, PrintWriter err, Function<String, String> env,
      Clock clock, boolean interactive,
      java.util.function.Supplier<java.util.List<dev.secaudit.check.Check>> checks,
      java.util.function.Supplier<String> runIds, boolean progressInPlace, int columns) {

    /** 80 columns, as when stdout is not a terminal. */
    public Context(PrintWriter out, PrintWriter err, Function<String, String> env, Clock clock,
        boolean interactive,
        java.util.function.Supplier<java.util.List<dev.secaudit.check.Check>> checks,
        java.util.function.Supplier<String> runIds, boolean progressInPlace) {
      this(out, err, env, clock, interactive, checks, runIds, progressInPlace,
          dev.secaudit.report.ConsoleReport.MIN_WIDTH);
    }

    /** Both streams on a terminal, or neither, as a test's in-process run says. */
    public Context(PrintWriter out, PrintWriter err, Function<String, String> env, Clock clock,
        boolean interactive,
        java.util.function.Supplier<java.util.List<dev.secaudit.check.Check>> checks,
        java.util.function.Supplier<String> runIds) {
      this(out, err, env, clock, interactive, checks, runIds, interactive);
    }

    /**
     * The production wiring: every check secaudit has, built only by the commands that scan so
     * that --version and --help load no check classes.
     */
    public static Context of(PrintWriter out, PrintWriter err, Function<String, String> env,
        Clock clock, boolean interactive) {
      return of(out, err, env, clock, interactive, interactive);
    }

    /** With stdout (colour) and stderr (progress) decided apart, as {@link Terminals} does. */
    public static Context of(PrintWriter out, PrintWriter err, Function<String, String> env,
        Clock clock, boolean interactive, boolean progressInPlace) {
      return of(out, err, env, clock, interactive, progressInPlace,
          dev.secaudit.report.ConsoleReport.MIN_WIDTH);
    }

    /** With the console report's width. */
    public static Context of(PrintWriter out, PrintWriter err, Function<String, String> env,
        Clock clock, boolean interactive, boolean progressInPlace, int columns) {
      return new Context(out, err, env, clock, interactive, Wiring::checks,
          () -> java.util.UUID.randomUUID().toString(), progressInPlace, columns);
    }
  }

  final Context context;
  /** What this command run must never print: the loaded policy's secrets, once it is loaded. */
  final dev.secaudit.model.KnownSecrets secrets = new dev.secaudit.model.KnownSecrets();

  boolean debug;
  private CommandSpec spec;

  Main(Context context) {
    this.context = new Context(redacted(context.out()), redacted(context.err()), context.env(),
        context.clock(), context.interactive(), context.checks(), context.runIds(),
        context.progressInPlace(), context.columns());
  }

  private PrintWriter redacted(PrintWriter w) {
    return new PrintWriter(new RedactedWriter(w, secrets), true);
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(),
        "missing command: try 'secaudit demo', 'secaudit scan' or 'secaudit --help'");
  }

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Answered before picocli loads: its ~170 classes, which the AppCDS archive cannot hold
      // (Java 5 class files), were most of this command's run.
      System.out.println(String.join(System.lineSeparator(), new Version().getVersion()));
      System.exit(0);
    }
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    Map<String, String> env = System.getenv();
    Terminals terminals = Terminals.system();
    int code = execute(Context.of(out, err, env::get, Clock.systemUTC(),
        terminals.colour(env::get), terminals.progressInPlace(env::get),
        terminals.columns(env::get, Terminals::sttyColumns)), args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  /**
   * The one subcommand the arguments name when their first word is a subcommand's name; none for
   * {@code --version} alone (building the thirteen models cost it half its run); otherwise all
   * of them, so top-level help (and {@code help scan}) lists every command and a misspelt one
   * gets its suggestions.
   */
  static java.util.List<Subcommand> commandsFor(String... args) {
    boolean version = false;
    boolean help = false;
    for (String a : args) {
      if (a.startsWith("-")) {
        // A top-level option (--debug) may come before the command.
        version |= a.equals("--version") || a.equals("-V");
        help |= a.equals("--help") || a.equals("-h");
        continue;
      }
      for (Subcommand c : Subcommand.ALL) {
        if (!c.name().equals("help") && c.name().equals(a)) {
          return java.util.List.of(c);
        }
      }
      return Subcommand.ALL;
    }
    return version && !help ? java.util.List.of() : Subcommand.ALL;
  }

  /**
   * The command line with these subcommands, its streams, and the SECAUDIT_* variables of the
   * context as option defaults; also what the build generates completion and man pages from.
   */
  static CommandLine commandLine(Main main, java.util.List<Subcommand> commands) {
    CommandModel model = CommandModel.of(main, "secaudit", "Verify a company's security claims"
        + " against its live endpoints and write evidence reports (SOC 2, GDPR, ISO 27001).");
    model.add(CommandModel.flagOption(v -> main.debug = v, "Print stack traces of internal"
        + " errors.", "--debug").scopeType(ScopeType.INHERIT));
    main.spec = model.withHelpOptions().versionProvider(new Version());
    main.spec.usageMessage().footer("", "Exit codes: 0 gate passed, 1 gate failed, 2 bad usage"
        + " or invalid policy, 3 scan incomplete, 70 internal error, 74 an output not written.");
    CommandLine cli = new CommandLine(main.spec);
    for (Subcommand command : commands) {
      cli.addSubcommand(command.name(), command.make().apply(main));
    }
    cli.setOut(main.context.out());
    cli.setErr(main.context.err());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setDefaultValueProvider(new EnvironmentDefaults(main.context.env()));
    return cli;
  }

  /**
   * The option or command nearest to a mistyped one by Damerau-Levenshtein edits, which also
   * catch a swap of two letters ('--fial-on') that picocli's similarity misses; null when none is
   * near or it was not a typo.
   */
  static String nearest(CommandLine.ParameterException ex) {
    if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
      return null;
    }
    String word = u.getUnmatched().get(0);
    CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
    if (word.startsWith("-")) {
      String name = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
      return dev.secaudit.policy.Suggestions.closest(name, spec.optionsMap().keySet());
    }
    String command = dev.secaudit.policy.Suggestions.closest(word, spec.subcommands().keySet());
    return command == null ? null : spec.qualifiedName() + " " + command;
  }

  /**
   * The write the system refused somewhere in {@code ex}'s causes: a report file ({@link
   * dev.secaudit.report.OutputNotWritten} names it), or any write that ran out of room, or null.
   */
  static java.io.IOException unwritten(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof dev.secaudit.report.OutputNotWritten o) {
        return o;
      }
      if (t instanceof java.io.IOException io && io.getMessage() != null
          && (io.getMessage().contains("No space left on device")
              || io.getMessage().contains("Disk quota exceeded"))) {
        return io;
      }
    }
    return null;
  }

  /**
   * An error for stderr, every line of it in one shape, "secaudit: FILE:LINE:COL: field: what":
   * a file with several mistakes lists one a line, and a CI log filtered on the prefix (or a
   * problem matcher) once kept only the first. A message may quote a forged file's bytes; a
   * terminal must not run them.
   */
  static void error(java.io.PrintWriter err, String message) {
    for (String line : PrintableText.of(String.valueOf(message)).split("\n")) {
      err.println("secaudit: " + line);
    }
  }

  /** Runs one command line; returns the exit code (see {@link ExitCode}). */
  /** The most of a bug's message printed without --debug. */
  static final int INTERNAL_MESSAGE = 400;

  /**
   * A bug's message, cut: a message is whatever the code that failed put in it, and one printed
   * a 424 KB regular expression that spelled a cookie's value out byte by byte (realapp26), past
   * any masking. The first part names the bug; --debug prints it all.
   */
  static String bounded(String message) {
    return message.length() <= INTERNAL_MESSAGE ? message
        : message.substring(0, INTERNAL_MESSAGE) + "… (" + message.length()
            + " characters; --debug prints them all)";
  }

  public static int execute(Context given, String... args) {
    Main main = new Main(given);
    Context context = main.context;
    CommandLine cli = commandLine(main, commandsFor(args));
    cli.setParameterExceptionHandler((ex, a) -> {
      context.err().println("secaudit: " + PrintableText.of(ex.getMessage()));
      // The nearest by edits first ('mrege' is 'merge', not picocli's first guess 'page').
      String near = nearest(ex);
      if (near != null) {
        context.err().println("Did you mean: " + near + "?");
      } else {
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, context.err());
      }
      CommandLine c = ex.getCommandLine();
      context.err().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
      return ExitCode.USAGE.code;
    });
    cli.setExecutionExceptionHandler((ex, c, parsed) -> {
      if (ex instanceof UsageException) {
        error(context.err(), ex.getMessage());
        return ExitCode.USAGE.code;
      }
      java.io.IOException unwritten = unwritten(ex);
      if (unwritten != null) {
        // The system refused a write: the environment's failure, not a bug (sysexits EX_IOERR).
        error(context.err(), unwritten.getMessage());
        return ExitCode.OUTPUT.code;
      }
      context.err().println("secaudit: internal error: " + PrintableText.of(bounded(ex.toString())));
      if (main.debug) {
        StringWriter sw = new StringWriter();
        ex.printStackTrace(new PrintWriter(sw));
        context.err().print(sw);
      } else {
        context.err().println("Rerun with --debug for the stack trace, and please report it.");
      }
      return ExitCode.INTERNAL.code;
    });
    int code = cli.execute(args);
    context.out().flush();
    context.err().flush();
    given.out().flush();
    given.err().flush();
    return code;
  }
}
