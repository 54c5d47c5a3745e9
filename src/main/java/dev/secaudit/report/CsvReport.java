package dev.secaudit.report;

import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The CSV evidence report: one row per finding (check × target × subject), for auditors who
 * sample in a spreadsheet. RFC 4180 (comma, double quotes, CRLF), a header row, ISO-8601 UTC
 * times, and lower-case status and severity labels.
 */
public final class CsvReport {

  /** Column names, in order: a public contract (docs/report-format.md); only ever append. */
  public static final List<String> COLUMNS = List.of(
      "run_id", "run_started", "run_finished", "tool_version", "policy_file", "policy_sha256",
      "target", "target_url", "check_id", "subject", "title", "severity", "status", "expected",
      "observed", "evidence_ids", "evidence_sha256", "checked_at", "soc2", "gdpr", "iso27001",
      "remediation", "policy_line", "waiver");

  /** Stands in for the hash of an evidence id with no recorded artifact, keeping positions. */
  static final String MISSING_ARTIFACT = "missing";

  private static final CSVFormat FORMAT = format(COLUMNS);

  /** The dialect of every CSV secaudit writes: RFC 4180, CRLF, quoted only when needed. */
  static CSVFormat format(List<String> columns) {
    return CSVFormat.RFC4180.builder()
        .setHeader(columns.toArray(String[]::new))
        .setRecordSeparator("\r\n")
        .setQuoteMode(QuoteMode.MINIMAL)
        .get();
  }

  /**
   * Writes the report. The caller chooses the writer's encoding; use {@link #render(ScanResult,
   * OutputStream)} for the UTF-8 the format promises.
   */
  public void render(ScanResult scanned, Writer out) {
    ScanResult scan = PrintableText.of(scanned);
    RunInfo run = scan.run();
    Map<String, String> urls = new HashMap<>();
    Map<String, Integer> populationOrder = new HashMap<>();
    for (TargetState t : scan.targets()) {
      urls.putIfAbsent(text(t.name()), text(t.url()));
      populationOrder.putIfAbsent(text(t.name()), populationOrder.size());
    }
    Map<String, String> hashes = new HashMap<>();
    for (Artifact a : scan.artifacts()) {
      hashes.putIfAbsent(text(a.id()), text(a.sha256()));
    }
    // Rows stay in the same place from run to run whatever their status, so two exports diff by
    // line: targets in population order (others after, by name), then check id and subject.
    List<Finding> rows = new ArrayList<>(scan.findings());
    rows.sort(Comparator.<Finding>comparingInt(
            f -> populationOrder.getOrDefault(text(f.target()), Integer.MAX_VALUE))
        .thenComparing(f -> text(f.target()))
        .thenComparing(f -> text(f.checkId()))
        .thenComparing(f -> text(f.subject())));
    try {
      CSVPrinter printer = new CSVPrinter(out, FORMAT);
      for (Finding f : rows) {
        List<String> hashList = new ArrayList<>();
        for (String id : f.evidence()) {
          hashList.add(hashes.getOrDefault(text(id), MISSING_ARTIFACT));
        }
        List<String> cells = List.of(
            run == null ? "" : text(run.id()),
            run == null ? "" : ReportModel.utc(run.started()),
            run == null ? "" : ReportModel.utc(run.finished()),
            run == null ? "" : text(run.toolVersion()),
            run == null ? "" : text(run.policyFile()),
            run == null ? "" : text(run.policySha256()),
            text(f.target()),
            urls.getOrDefault(text(f.target()), ""),
            text(f.checkId()),
            f.subject(),
            text(f.title()),
            f.severity() == null ? "" : f.severity().label(),
            f.status().name().toLowerCase(Locale.ROOT),
            f.expected(),
            f.observed(),
            String.join(" ", f.evidence()),
            String.join(" ", hashList),
            ReportModel.utc(f.time()),
            requirements(f, "soc2"),
            requirements(f, "gdpr"),
            requirements(f, "iso27001"),
            f.remediation(),
            f.policyLine() > 0 ? Integer.toString(f.policyLine()) : "",
            ReportModel.waiverText(f.waiver()));
        for (String cell : cells) {
          printer.print(neutralise(cell));
        }
        printer.println();
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes the report as UTF-8 (no byte-order mark, as RFC 4180 tools expect). */
  public void render(ScanResult scan, OutputStream out) {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    render(scan, w);
  }

  /**
   * Spreadsheets run a cell that starts with = + - @ (and, in some, a leading tab or CR) as a
   * formula, so an observed header value could launch a command or leak data when the auditor
   * opens the file. Following OWASP's "CSV Injection" guidance
   * (https://owasp.org/www-community/attacks/CSV_Injection) such cells get a leading single quote,
   * which makes the spreadsheet show them as text; quoting and doubling of embedded quotes is left
   * to commons-csv.
   */
  static String neutralise(String cell) {
    if (cell.isEmpty()) {
      return cell;
    }
    char c = cell.charAt(0);
    boolean formula = c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
    return formula ? "'" + cell : cell;
  }

  private static String requirements(Finding f, String framework) {
    Set<String> ids = new LinkedHashSet<>();
    for (Mapping m : f.mappings()) {
      if (framework.equals(m.framework())) {
        ids.add(m.requirement());
      }
    }
    return String.join(" ", ids);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
