package dev.secaudit.cli;

import dev.secaudit.report.ConsoleReport;

/** {@code -q}, {@code -v} and {@code --color}, wherever a command runs a scan and prints it. */
final class ConsoleOptions {
  boolean quiet;
  boolean verbose;
  String color;

  ConsoleOptions addTo(CommandModel model) {
    model.flag(v -> quiet = v, "Print only the summary and the gate; stderr carries errors only"
        + " (no progress).", "-q", "--quiet");
    model.flag(v -> verbose = v, "List every finding (passed, skipped, manual, waived too);"
        + " without it only FAIL, ERROR and WARN, with counts of the rest.", "-v", "--verbose");
    model.add(CommandModel.option(String.class, v -> color = v, "WHEN", "auto, always or never"
        + " (default: ${DEFAULT-VALUE}; NO_COLOR is honoured).", "--color").defaultValue("auto"));
    return this;
  }

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
