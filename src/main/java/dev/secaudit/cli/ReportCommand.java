package dev.secaudit.cli;

import dev.secaudit.model.ScanResult;
import dev.secaudit.report.ConsoleReport;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.policy.UsageException;
import dev.secaudit.report.ProcessingCsv;
import dev.secaudit.report.RunCsv;
import dev.secaudit.report.ReportSet;
import dev.secaudit.report.ScanJson;
import dev.secaudit.scan.Gate;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

final class ReportCommand implements Callable<Integer> {
  final Main main;

  Path from;
  String format;
  Path output;
  boolean verbose;
  boolean noGate;
  final CsvBomOption csvBom = new CsvBomOption();

  ReportCommand(Main main) {
    this.main = main;
  }

  /** The command's options (names, labels, help, defaults), each set into its field here. */
  CommandSpec model() {
    CommandModel model = CommandModel.of(this, "report", "Re-render a report from a saved"
        + " scan.json, without probing anything. Exits with the gate the scan recorded (0"
        + " passed, 1 failed, 3 incomplete), as 'scan' did, so a later job can gate on it;"
        + " --no-gate exits 0 once the report is written.");
    model.add(CommandModel.option(Path.class, v -> from = v, "SCAN_JSON", "A scan.json written"
        + " by 'secaudit scan -o DIR'.", "--from").converters(CommandModel::path).required(true));
    model.add(CommandModel.option(String.class, v -> format = v, "FORMAT", "console, json, html,"
        + " csv (the findings), run (the run's own row as CSV), junit, sarif or processing (the"
        + " records of processing as CSV) (default: ${DEFAULT-VALUE}).", "-f", "--format")
        .defaultValue("console"));
    model.path(v -> output = v, "FILE", "Write to FILE instead of standard output ('-' is"
        + " standard output too).", "-o", "--output");
    model.flag(v -> verbose = v, "In the console format, list passed, skipped and manual"
        + " findings too.", "-v", "--verbose");
    model.flag(v -> noGate = v, "Only render: exit 0 once the report is written, whatever the"
        + " recorded gate (a bad scan.json or an unwritable -o still exits 2).", "--no-gate");
    csvBom.addTo(model);
    return model.withHelpOptions();
  }

  @Override
  public Integer call() throws IOException {
    if (format.contains(",")) {
      throw new UsageException("--format: '" + format + "': report renders one format at a"
          + " time; run it once per format, or write several with 'secaudit scan -o DIR'");
    }
    if (output != null && output.toString().equals(ReportDestination.STANDARD_OUTPUT)) {
      output = null;
    }
    if (output != null) {
      ReportOutput.file(output, "-o");
    }
    if (format.equalsIgnoreCase("console")) {
      ScanResult scan = ScanJson.read(from);
      GateVerdict gate = Gate.recorded(scan);
      ConsoleReport console = new ConsoleReport(false, ConsoleOptions.verbosity(false, verbose),
          main.context.columns());
      // -o is honoured here as for every other format: the help promises it, and a user who
      // asked for a file found none.
      write(w -> {
        java.io.PrintWriter text = new java.io.PrintWriter(w);
        console.render(scan, gate, text);
        text.flush();
      });
      if (dev.secaudit.report.GitHubAnnotations.active(main.context.env())) {
        dev.secaudit.report.GitHubAnnotations.print(scan, gate, main.context.out());
      }
      return exit(gate);
    }
    if (format.equalsIgnoreCase("processing") || format.equalsIgnoreCase("run")) {
      ScanResult scan = ScanJson.read(from);
      GateVerdict gate = Gate.recorded(scan);
      // The CSV files a scan writes beside findings.csv: the records of processing, the run.
      Rendering csv = format.equalsIgnoreCase("run")
          ? w -> new RunCsv(csvBom.bom).render(scan, gate, w)
          : w -> new ProcessingCsv(csvBom.bom).render(scan, w);
      write(csv);
      return exit(gate);
    }
    ReportSet.Format f = ScanCommand.formats(java.util.List.of(format)).iterator().next();
    ReportSet.Prepared report = ReportSet.prepare(from, f, csvBom.bom);
    GateVerdict gate = report.recordedGate() != null ? report.recordedGate()
        : Gate.recorded(report.scan());
    write(new Rendering() {
      @Override
      public void to(Writer w) throws IOException {
        report.write(gate, Wiring.checkDescriptions(), w);
      }

      @Override
      public void to(OutputStream out) throws IOException {
        report.write(gate, Wiring.checkDescriptions(), out);
      }
    });
    return exit(gate);
  }

  /**
   * The recorded gate's code, as 'scan' exited: a pipeline that scans in one job (tolerating 1
   * and 3) and gates in a later one with 'report --from' must not deploy a failed scan. The
   * report is written first either way, so a job that only renders loses nothing.
   */
  private int exit(GateVerdict gate) {
    return noGate ? ExitCode.PASSED.code : ExitCode.of(gate).code;
  }

  private interface Rendering {
    void to(Writer w) throws IOException;

    /** To a file: UTF-8. */
    default void to(OutputStream out) throws IOException {
      Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
      to(w);
      w.flush();
    }
  }

  /** To standard output (nothing else is written there), or to --output and a line saying so. */
  private void write(Rendering rendering) throws IOException {
    if (output == null) {
      rendering.to(main.context.out());
      main.context.out().flush();
    } else {
      OutputStream opened;
      try {
        opened = Files.newOutputStream(output);
      } catch (java.nio.file.FileSystemException e) {
        throw ReportOutput.cannotWrite(output, "-o", e);
      }
      try (OutputStream out = opened) {
        rendering.to(out);
      }
      main.context.out().println("wrote " + output);
    }
  }
}
