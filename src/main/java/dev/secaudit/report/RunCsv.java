package dev.secaudit.report;

import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanSummary;
import dev.secaudit.model.Status;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;

/**
 * The run as CSV (run.csv, written beside findings.csv): one header row and one row with what is
 * true of the whole run, so findings.csv holds only findings and opens in a spreadsheet or
 * {@code pandas.read_csv} as a plain table. {@code run_id} joins the two.
 */
public final class RunCsv {
  public static final String FILE_NAME = "run.csv";

  /**
   * The count columns: the statuses as the first release had them, then each later one appended
   * (not_applicable after pass), so a sheet reading columns by position keeps reading them.
   */
  private static final List<Status> STATUS_COLUMNS = List.of(Status.FAIL, Status.ERROR,
      Status.WARN, Status.MANUAL, Status.WAIVED, Status.INFO, Status.SKIPPED, Status.PASS,
      Status.NOT_APPLICABLE);

  /** Column names, in order: a public contract (docs/report-format.md); only ever append. */
  public static final List<String> COLUMNS = columns();

  private static List<String> columns() {
    List<String> names = new ArrayList<>(List.of("run_id", "run_started", "run_finished",
        "tool_version", "policy_file", "policy_name", "policy_sha256", "frameworks", "fail_on",
        "gate", "gate_reason", "grade", "findings"));
    for (Status s : STATUS_COLUMNS) {
      names.add(s.name().toLowerCase(Locale.ROOT));
    }
    return List.copyOf(names);
  }

  private static final CSVFormat FORMAT = CsvReport.format(COLUMNS);

  private final boolean byteOrderMark;

  /** @param byteOrderMark whether the file begins with a UTF-8 byte-order mark (for Excel) */
  public RunCsv(boolean byteOrderMark) {
    this.byteOrderMark = byteOrderMark;
  }

  /** @param gate the verdict the command exits on (never decided here) */
  public void render(ScanResult scan, GateVerdict gate, Writer out) {
    RunInfo run = scan.run();
    ScanSummary summary = ScanSummary.of(scan, gate);
    List<String> cells = new ArrayList<>(List.of(
        run == null ? "" : text(run.id()),
        run == null ? "" : ReportModel.utc(run.started()),
        run == null ? "" : ReportModel.utc(run.finished()),
        run == null ? "" : text(run.toolVersion()),
        run == null ? "" : text(run.policyFile()),
        run == null ? "" : text(run.policyName()),
        run == null ? "" : text(run.policySha256()),
        run == null ? "" : String.join(" ", run.frameworks()),
        gate.failOn().label(),
        gate.outcome().name().toLowerCase(Locale.ROOT),
        gate.reason(),
        summary.grade().label(),
        Integer.toString(summary.findings())));
    for (Status s : STATUS_COLUMNS) {
      cells.add(Integer.toString(summary.byStatus().get(s)));
    }
    CsvReport.write(out, FORMAT, byteOrderMark, printer -> {
      for (String cell : cells) {
        CsvReport.print(printer, cell);
      }
      printer.println();
    });
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
