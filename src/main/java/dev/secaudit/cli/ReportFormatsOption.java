package dev.secaudit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code -f/--format}, wherever a command writes the scan's reports (scan, merge). */
final class ReportFormatsOption {
  private CommandSpec command;
  List<String> formats = new ArrayList<>();

  ReportFormatsOption addTo(CommandModel model) {
    command = model.spec();
    model.add(CommandModel.texts(() -> formats, v -> formats = v, List.of(), "FORMAT", "Reports"
        + " written to --output: json, html, csv, junit, sarif (default: all). Without -o, the"
        + " one format given goes to standard output and the summary to standard error.", "-f",
        "--format").splitRegex(","));
    return this;
  }

  /** Where the reports go, given {@code -o}: typed -f formats alone mean standard output. */
  ReportDestination destination(Path output) {
    return ReportDestination.of(output, formats,
        command.commandLine().getParseResult().hasMatchedOption("--format"));
  }
}
