package dev.secaudit.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -f/--format}, wherever a command writes the scan's reports (scan, merge). */
final class ReportFormatsOption {
  @Option(names = {"-f", "--format"}, split = ",", paramLabel = "FORMAT",
      description = "Reports written to --output: json, html, csv, junit, sarif (default: all)."
          + " Without -o, the one format given goes to standard output and the summary to"
          + " standard error.")
  List<String> formats = new ArrayList<>();

  /** Where the reports go, given {@code -o}: -f formats alone mean standard output. */
  ReportDestination destination(Path output) {
    return ReportDestination.of(output, formats);
  }
}
