package dev.secaudit.cli;

import dev.secaudit.report.ConsoleReport;
import picocli.CommandLine.Option;

/** {@code -q}, {@code -v} and {@code --color}, wherever a command runs a scan and prints it. */
final class ConsoleOptions {
  @Option(names = {"-q", "--quiet"}, description = "Print only the summary and the gate;"
      + " stderr carries errors only (no progress).")
  boolean quiet;

  @Option(names = {"-v", "--verbose"}, description = "List every finding (passed, skipped,"
      + " manual, waived too); without it only FAIL, ERROR and WARN, with counts of the rest.")
  boolean verbose;

  @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
      description = "auto, always or never (default: ${DEFAULT-VALUE}; NO_COLOR is honoured).")
  String color;

  /** The console report these options ask for; a wrong --color is a usage error. */
  ConsoleReport console(Main.Context ctx) {
    return new ConsoleReport(ScanCommand.color(color, ctx), verbosity(quiet, verbose),
        ctx.columns());
  }

  /** --quiet wins over --verbose. */
  static ConsoleReport.Verbosity verbosity(boolean quiet, boolean verbose) {
    return quiet ? ConsoleReport.Verbosity.QUIET
        : verbose ? ConsoleReport.Verbosity.VERBOSE : ConsoleReport.Verbosity.NORMAL;
  }
}
