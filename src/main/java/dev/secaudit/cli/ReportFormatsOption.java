package dev.secaudit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** {@code -f/--format}, wherever a command writes the scan's reports (scan, merge). */
final class ReportFormatsOption {
  List<String> formats = new ArrayList<>();

  ReportFormatsOption addTo(CommandModel model) {
    model.add(CommandModel.texts(() -> formats, v -> formats = v, List.of(), "FORMAT", "Reports"
        + " written to --output: json, html, csv, junit, sarif (default: all). Without -o, the"
        + " one format given goes to standard output and the summary to standard error.", "-f",
        "--format").splitRegex(","));
    return this;
  }

  /**
   * Where the reports go, given {@code -o}: -f formats alone mean standard output. A mistake in
   * the formats names where they came from, -f or the {@code SECAUDIT_FORMAT} that stood in for
   * it, since a user who typed no -f would look for it in vain.
   */
  ReportDestination destination(Path output, CommandLine.ParseResult given) {
    String from = given.hasMatchedOption("--format") ? "-f"
        : EnvironmentDefaults.variable("--format");
    return ReportDestination.of(output, formats, from);
  }
}
