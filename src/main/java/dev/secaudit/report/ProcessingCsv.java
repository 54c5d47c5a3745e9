package dev.secaudit.report;

import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.ScanResult;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;

/**
 * The records of processing as CSV (processing.csv, written beside findings.csv when the scan has
 * declared subprocessors): one row per declared vendor, RFC 4180, cells neutralised against
 * spreadsheet formulas like the findings CSV.
 */
public final class ProcessingCsv {
  /** Column names, in order: a public contract (docs/report-format.md); only ever append. */
  public static final List<String> COLUMNS = List.of("vendor", "purpose", "data_categories",
      "location", "transfer_mechanism", "dpa", "certifications", "where_seen", "run_id");

  public static final String FILE_NAME = "processing.csv";

  private static final CSVFormat FORMAT = CsvReport.format(COLUMNS);

  private final boolean byteOrderMark;

  /** Without a byte-order mark, as RFC 4180 tools expect. */
  public ProcessingCsv() {
    this(false);
  }

  /** @param byteOrderMark whether the file begins with a UTF-8 byte-order mark (for Excel) */
  public ProcessingCsv(boolean byteOrderMark) {
    this.byteOrderMark = byteOrderMark;
  }

  public void render(ScanResult scan, Writer out) {
    String runId = scan.run() == null ? "" : scan.run().id();
    CsvReport.write(out, FORMAT, byteOrderMark, printer -> {
      for (ProcessingRecord p : scan.processing()) {
        for (String cell : List.of(p.vendor(), text(p.purpose()),
            String.join("; ", p.dataCategories()), text(p.location()),
            text(p.transferMechanism()), text(p.dpa()), String.join("; ", p.certifications()),
            String.join("; ", p.whereSeen()), text(runId))) {
          CsvReport.print(printer, cell);
        }
        printer.println();
      }
    });
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
