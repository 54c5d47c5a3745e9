package dev.secaudit.report;

import dev.secaudit.evidence.OperatingEffectiveness.Control;
import dev.secaudit.evidence.OperatingEffectiveness.ControlException;
import dev.secaudit.evidence.OperatingEffectiveness.FailingResult;
import dev.secaudit.evidence.OperatingEffectiveness.Report;
import dev.secaudit.evidence.OperatingEffectiveness.Requirement;
import dev.secaudit.evidence.OperatingEffectiveness.Tally;
import dev.secaudit.model.CheckDescriptions;
import dev.secaudit.model.Mapping;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVPrinter;

/**
 * The period report as three RFC 4180 tables for spreadsheet sampling: one row per control and
 * per framework requirement (naming the catalogue's checks of it that no run ran), one per exception (a failure from its first failing run to its
 * fix), and one per FAIL, ERROR or WARN finding of every run. Cells are neutralised against formula injection
 * exactly like the scan CSV.
 */
public final class PeriodCsvReport {
  public static final List<String> CONTROL_COLUMNS = List.of("kind", "id", "title", "maps",
      "tested_runs", "operating", "exceptions", "waived", "pass_rate", "days_without_run",
      "gaps", "open_exceptions", "mean_hours_to_remediate", "period_from", "period_to",
      "partly_tested_runs", "mapped_checks_not_run", "untested_targets");
  public static final List<String> EXCEPTION_COLUMNS = List.of("check_id", "target", "subject",
      "worst_status", "first_failure", "first_seq", "last_failure", "last_seq", "failing_runs",
      "fixed_at", "fixed_seq", "hours_to_remediate");
  public static final List<String> FAILURE_COLUMNS = List.of("run_started", "seq", "run_id",
      "check_id", "target", "subject", "status");

  private final CheckDescriptions checks;
  private final boolean byteOrderMark;

  /** With the check catalogue's descriptions, which give each control its title. */
  public PeriodCsvReport(CheckDescriptions checks) {
    this(checks, false);
  }

  /** As above; {@code byteOrderMark}: each file begins with a UTF-8 byte-order mark (Excel). */
  public PeriodCsvReport(CheckDescriptions checks, boolean byteOrderMark) {
    this.checks = checks;
    this.byteOrderMark = byteOrderMark;
  }

  /** Controls first (by check id), then every requirement of every framework, in catalog order. */
  public void controls(Report r, Writer out) {
    table(out, CONTROL_COLUMNS, p -> {
      for (Control c : r.controls()) {
        row(p, "control", c.checkId(), checks.title(c.checkId()),
            String.join(" ", c.mappings().stream().map(Mapping::toString).toList()), c.tally(),
            Long.toString(c.openExceptions()), hours(c.meanTimeToRemediate()), r, "",
            PeriodHtmlReport.targets(c.untestedTargets()));
      }
      for (Requirement q : r.requirements()) {
        row(p, "requirement", q.framework() + ":" + q.id(), q.title(),
            String.join(" ", q.checks()), q.tally(), "", "", r, String.join(" ", q.notRun()), "");
      }
    });
  }

  public void exceptions(Report r, Writer out) {
    table(out, EXCEPTION_COLUMNS, p -> {
      for (Control c : r.controls()) {
        for (ControlException e : c.exceptions()) {
          print(p, c.checkId(), e.target(), e.subject(), e.worst().name(),
              ReportModel.utc(e.first().started()), Long.toString(e.first().seq()),
              ReportModel.utc(e.last().started()), Long.toString(e.last().seq()),
              Integer.toString(e.failingRuns()),
              e.fixed() == null ? "" : ReportModel.utc(e.fixed().started()),
              e.fixed() == null ? "" : Long.toString(e.fixed().seq()),
              hours(e.timeToRemediate()));
        }
      }
    });
  }

  public void failures(Report r, Writer out) {
    table(out, FAILURE_COLUMNS, p -> {
      for (FailingResult f : r.failures()) {
        print(p, ReportModel.utc(f.run().started()), Long.toString(f.run().seq()),
            f.run().runId(), f.check(), f.target(), f.subject(), f.status().name());
      }
    });
  }

  private void table(Writer out, List<String> columns, CsvReport.Rows rows) {
    CsvReport.write(out, CsvReport.format(columns), byteOrderMark, rows);
  }

  private static void row(CSVPrinter p, String kind, String id, String title, String maps,
      Tally t, String open, String mttr, Report r, String notRun, String untested)
      throws IOException {
    print(p, kind, id, title, maps, Integer.toString(t.tested()), Integer.toString(t.operating()),
        Integer.toString(t.exceptions()), Integer.toString(t.waived()), t.passRate(),
        Long.toString(t.daysWithoutRun()), PeriodHtmlReport.ranges(t.gaps()).replace(", ", " "),
        open, mttr, r.period().from().toString(), r.period().to().toString(),
        Integer.toString(t.partlyTested()), notRun, untested);
  }

  private static void print(CSVPrinter p, String... cells) throws IOException {
    for (String c : cells) {
      CsvReport.print(p, c == null ? "" : c);
    }
    p.println();
  }

  /** Hours with two decimals, as spreadsheets sum them; empty for none. */
  static String hours(Duration d) {
    return d == null ? "" : String.format(Locale.ROOT, "%.2f", d.toSeconds() / 3600.0);
  }
}
