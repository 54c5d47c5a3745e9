package dev.secaudit.report;

import dev.secaudit.model.ProcessingRecord;
import dev.secaudit.model.ScanResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

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

  public void render(ScanResult scanned, Writer out) {
    ScanResult scan = PrintableText.of(scanned);
    String runId = scan.run() == null ? "" : scan.run().id();
    try {
      CSVPrinter printer = new CSVPrinter(out, FORMAT);
      for (ProcessingRecord p : scan.processing()) {
        for (String cell : List.of(p.vendor(), text(p.purpose()),
            String.join("; ", p.dataCategories()), text(p.location()),
            text(p.transferMechanism()), text(p.dpa()), String.join("; ", p.certifications()),
            String.join("; ", p.whereSeen()), text(runId))) {
          printer.print(CsvReport.neutralise(cell));
        }
        printer.println();
      }
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }
}
