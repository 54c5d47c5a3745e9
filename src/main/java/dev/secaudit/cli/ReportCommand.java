package dev.secaudit.cli;

import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.report.ConsoleReport;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.report.ReportSet;
import dev.secaudit.report.ScanJson;
import dev.secaudit.scan.Gate;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Re-render a report from a saved scan.json, without probing anything.")
final class ReportCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--from", required = true, paramLabel = "SCAN_JSON",
      description = "A scan.json written by 'secaudit scan -o DIR'.")
  Path from;

  @Option(names = {"-f", "--format"}, defaultValue = "console", paramLabel = "FORMAT",
      description = "console, json, html, csv, junit, sarif or processing (the records of"
          + " processing as CSV) (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE instead of standard output.")
  Path output;

  @Option(names = {"-v", "--verbose"},
      description = "In the console format, list passed, skipped and manual findings too.")
  boolean verbose;

  @Override
  public Integer call() throws IOException {
    ScanResult scan = ScanJson.read(from);
    if (format.equalsIgnoreCase("console")) {
      Severity failOn = ScanCommand.severity(scan.run().failOn() == null ? "low" : scan.run().failOn());
      GateVerdict gate = Gate.of(scan, failOn);
      new ConsoleReport(false, verbose ? ConsoleReport.Verbosity.VERBOSE
          : ConsoleReport.Verbosity.NORMAL, main.context.columns()).render(scan, gate, main.context.out());
      if (dev.secaudit.report.GitHubAnnotations.active(main.context.env())) {
        dev.secaudit.report.GitHubAnnotations.print(scan, gate, main.context.out());
      }
      return ExitCode.PASSED.code;
    }
    if (format.equalsIgnoreCase("processing")) {
      // The records of processing: the second CSV file a scan writes beside findings.csv.
      try (Writer w = output == null ? null
          : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        new dev.secaudit.report.ProcessingCsv().render(scan, w == null ? main.context.out() : w);
      }
      main.context.out().flush();
      return ExitCode.PASSED.code;
    }
    ReportSet.Format f = ScanCommand.formats(java.util.List.of(format)).iterator().next();
    if (output == null) {
      ReportSet.render(scan, Gate.recorded(scan), f, Wiring.checkDescriptions(),
          main.context.out());
      main.context.out().flush();
    } else {
      try (Writer w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        ReportSet.render(scan, Gate.recorded(scan), f, Wiring.checkDescriptions(), w);
      }
      main.context.out().println("wrote " + output);
    }
    return ExitCode.PASSED.code;
  }
}
