package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.SpreadsheetCells;
import dev.secaudit.model.TargetState;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.QuoteMode;

/**
 * The CSV evidence report: one row per finding (check × target × subject), for auditors who
 * sample in a spreadsheet and analysts who load it in pandas. RFC 4180 (comma, double quotes,
 * CRLF), one header row and nothing above it, UTC times with their zone ({@link
 * ReportModel#utc}), lower-case status and severity labels, what to fix first first
 * ({@link ReportModel#fixRank}). What is true of the whole run (when, which policy, the gate, the grade) is written once,
 * in {@link RunCsv}'s run.csv beside it, and joined by {@code run_id}.
 */
public final class CsvReport {
  /** Column names, in order: a public contract (docs/report-format.md); only ever append. */
  public static final List<String> COLUMNS = List.of(
      "severity_rank", "severity", "status", "target", "target_url", "check_id", "subject",
      "location", "title", "expected", "observed", "evidence_ids", "evidence_sha256",
      "checked_at", "soc2", "gdpr", "iso27001", "remediation", "policy_line", "waiver", "run_id");

  /** Stands in for the hash of an evidence id with no recorded artifact, keeping positions. */
  static final String MISSING_ARTIFACT = "missing";

  /** U+FEFF first, so Excel reads the file as UTF-8 ("≥", "…") instead of the ANSI code page. */
  static final char BYTE_ORDER_MARK = '\uFEFF';

  static final CSVFormat FORMAT = format(COLUMNS);

  private final boolean byteOrderMark;

  /** Without a byte-order mark, as RFC 4180 tools expect. */
  public CsvReport() {
    this(false);
  }

  /** @param byteOrderMark whether the file begins with a UTF-8 byte-order mark (for Excel) */
  public CsvReport(boolean byteOrderMark) {
    this.byteOrderMark = byteOrderMark;
  }

  /** The dialect of every CSV secaudit writes: RFC 4180, CRLF, quoted only when needed. */
  static CSVFormat format(List<String> columns) {
    return CSVFormat.RFC4180.builder().setHeader(columns.toArray(String[]::new))
        .setRecordSeparator("\r\n").setQuoteMode(QuoteMode.MINIMAL).get();
  }

  /**
   * "1" for critical … "5" for info: sorting the column ascending puts the most severe first,
   * and {@code severity_rank <= 2} selects high and above. Empty for a finding without one.
   */
  static String rank(Severity s) {
    return s == null ? "" : Integer.toString(SEVERITIES - s.ordinal());
  }

  static final int SEVERITIES = Severity.values().length;

  /** Where, among a finding's own cells, the hashes of its evidence go (after its ids). */
  static final int EVIDENCE_HASHES = 7;

  /** A finding with the keys of its place in the file. */
  private record Ordered(Finding finding, byte[][] own, int fixRank, int targetOrder) {}

  /**
   * Writes the report. The caller chooses the writer's encoding; use {@link #render(ScanResult,
   * OutputStream)} for the UTF-8 the format promises. Each row is written as it is formatted:
   * only the order of the findings is held, never the rows' text.
   */
  public void render(ScanResult scan, Writer out) {
    render(scan, Output.to(out));
  }

  /**
   * Writes the report as UTF-8 (a byte-order mark only when asked for), each distinct cell
   * encoded once and the rows copied to {@code out} as bytes, in pieces of 256 KiB: {@code out}
   * needs no buffer of its own.
   */
  public void render(ScanResult scan, OutputStream out) {
    render(scan, Output.to(out));
  }

  /**
   * Reads the scan for its report, on a thread of its own: each finding's own cells are made on
   * this thread as the findings arrive, so reading (the larger part) and making the cells share
   * two cores. Nothing is written until {@link Table#writeTo}, so a refused file writes nothing.
   * Every finding is held, to be sorted; {@link #read(Path)} holds one target's.
   */
  public Table read(ScanReader scan) {
    OwnCells own = new OwnCells();
    return new Table(scan.readAll(own::add), own, null, null);
  }

  /**
   * Reads a scan.json for its report (each artifact's content passed over), as {@link
   * #read(ScanReader)}. A file whose findings come target by target, as {@code scan} and {@code
   * merge} write them, is read keeping one target's findings at a time ({@link CsvGroups}), so
   * the memory does not grow with the findings; a file whose findings of a target are apart, in
   * target order ({@link FindingRuns}); else it is sorted whole. The bytes are the same.
   */
  public Table read(Path scanFile) {
    return read(scanFile, null, CsvGroups.MEMORY);
  }

  /** As {@link #read(Path)}, temporary files in {@code folder} past {@code memory} bytes. */
  Table read(Path scanFile, Path folder, long memory) {
    Table grouped = FindingRuns.read(scanFile, false, (reader, places) -> {
      OwnCells own = new OwnCells();
      CsvGroups groups = new CsvGroups(own, folder, memory, reader.run(), places);
      var digests = new ArtifactDigests(folder, Math.min(memory, ArtifactDigests.MEMORY));
      reader.artifactsTo(digests);
      try {
        ScanResult rest = reader.forEach(groups::add);
        groups.finish();
        if (!reader.streamedArtifacts()) {
          digests.close();
          digests = ArtifactDigests.of(rest.artifacts());
        }
        return new Table(rest, own, groups, digests);
      } catch (SpillStore.Failed e) {
        groups.close();
        digests.close();
        return null;
      } catch (RuntimeException | Error e) {
        groups.close();
        digests.close();
        throw e;
      }
    });
    if (grouped != null) {
      return grouped;
    }
    try (ScanReader whole = ScanReader.open(scanFile, false)) {
      return read(whole);
    }
  }

  /** A scan read for its CSV report, with its rows' own cells, or its rows by target. */
  public final class Table {
    private final ScanResult scan;
    private final OwnCells own;
    private final CsvGroups groups;
    private final ArtifactDigests digests;

    private Table(ScanResult scan, OwnCells own, CsvGroups groups, ArtifactDigests digests) {
      this.scan = scan;
      this.own = own;
      this.groups = groups;
      this.digests = digests;
    }

    /**
     * The scan as read; when its findings were read by target ({@link #read(Path)}), without
     * them, and without the artifacts that followed them (their digests are kept apart).
     */
    public ScanResult scan() {
      return scan;
    }

    /** The gate the scan recorded when its findings were read by target, else null. */
    public dev.secaudit.model.GateVerdict recordedGate() {
      return groups == null ? null : groups.gate(scan.targets());
    }

    /** Whether the rows were read by target, some of them into temporary files. */
    boolean spilled() {
      return groups != null && (groups.spilled() || digests.spilled());
    }

    /** Whether the findings were read by target rather than held and sorted whole. */
    boolean byTarget() {
      return groups != null;
    }

    /** As {@link CsvReport#render(ScanResult, OutputStream)}; once if {@link #spilled()}. */
    public void writeTo(OutputStream out) {
      write(Output.to(out));
    }

    /** As {@link CsvReport#render(ScanResult, Writer)}; once if {@link #spilled()}. */
    public void writeTo(Writer out) {
      write(Output.to(out));
    }

    private void write(Output rowsOut) {
      if (groups == null) {
        render(scan, own, rowsOut);
        return;
      }
      try {
        rowsOut.begin(byteOrderMark, header());
        groups.writeTo(new RowCells(own.cells, scan, digests), scan, rowsOut);
        rowsOut.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        // Rows kept in memory can be written again; temporary files are let go once written.
        if (spilled()) {
          groups.close();
          digests.close();
        }
      }
    }
  }

  private void render(ScanResult scan, Output rowsOut) {
    render(scan, new OwnCells(), rowsOut);
  }

  /**
   * The cells of a row that depend on its finding alone, in one array per finding (check id,
   * subject, location, title, expected, observed, evidence ids, time, the three frameworks'
   * requirements, remediation, policy line, waiver), each distinct one made once.
   */
  static final class OwnCells {
    final Cells cells = new Cells();
    private final List<byte[][]> made = new ArrayList<>();
    private final KeptValues<List<String>, byte[]> evidenceCells =
        new KeptValues<>(new IdentityHashMap<>());
    private final KeptValues<List<Mapping>, byte[][]> mappingCells =
        new KeptValues<>(new IdentityHashMap<>());
    private final KeptValues<Instant, byte[]> timeCells = new KeptValues<>(new HashMap<>());
    private final KeptValues<Integer, byte[]> lineCells = new KeptValues<>(new HashMap<>());
    private final Function<List<String>, byte[]> evidenceCell =
        ids -> cells.of(String.join(" ", ids));
    private final Function<Instant, byte[]> timeCell =
        t -> cells.of(ReportModel.utc(t));
    private final Function<List<Mapping>, byte[][]> requirementCells = m -> new byte[][] {
        cells.of(requirements(m, "soc2")), cells.of(requirements(m, "gdpr")),
        cells.of(requirements(m, "iso27001"))};
    private final Function<Integer, byte[]> lineCell =
        line -> cells.of(line > 0 ? Integer.toString(line) : "");

    void add(Finding f) {
      made.add(of(f));
    }

    /** The cells of the finding at {@code index}, made as it was read or now. */
    byte[][] of(int index, Finding f) {
      return index < made.size() ? made.get(index) : of(f);
    }

    byte[][] of(Finding f) {
      byte[][] requirements = mappingCells.of(f.mappings(), requirementCells);
      return new byte[][] {
          cells.of(text(f.checkId())), cells.of(f.subject()),
          cells.of(f.location() == null ? "" : f.location().at()), cells.of(text(f.headline())),
          cells.of(f.expected()), cells.of(f.observed()),
          evidenceCells.of(f.evidence(), evidenceCell), timeCells.of(f.time(), timeCell),
          requirements[0], requirements[1], requirements[2], cells.of(f.remediation()),
          lineCells.of(f.policyLine(), lineCell), cells.of(ReportModel.waiverText(f.waiver()))};
    }
  }

  private void render(ScanResult scan, OwnCells own, Output rowsOut) {
    Map<String, Integer> populationOrder = populationOrder(scan);
    // What to fix first, as the page's first screen has it (ReportModel.fixRank); then targets in
    // population order (others after, by name), check id and subject, so two exports of one
    // system diff by line. The numbers are looked up once per finding, not once per comparison.
    List<Ordered> rows = new ArrayList<>(scan.findings().size());
    for (Finding f : scan.findings()) {
      rows.add(new Ordered(f, own.of(rows.size(), f),
          ReportModel.fixRank(f.status(), f.severity()),
          populationOrder.getOrDefault(text(f.target()), Integer.MAX_VALUE)));
    }
    rows.sort(Comparator.comparingInt(Ordered::fixRank)
        .thenComparingInt(Ordered::targetOrder)
        .thenComparing(o -> text(o.finding().target()))
        .thenComparing(o -> text(o.finding().checkId()))
        .thenComparing(o -> o.finding().subject()));
    try (ArtifactDigests digests = ArtifactDigests.of(scan.artifacts())) {
      rowsOut.begin(byteOrderMark, header());
      RowCells cells = new RowCells(own.cells, scan, digests);
      for (Ordered o : rows) {
        Finding f = o.finding();
        byte[][] mine = o.own();
        int severity = severityIndex(f);
        byte[][] target = cells.target(o.targetOrder(), f.target());
        cells.start(rowsOut, severity, f.status().ordinal(), target);
        for (int i = 0; i < EVIDENCE_HASHES; i++) {
          rowsOut.add(mine[i]);
        }
        rowsOut.add(cells.hashes(f.evidence()));
        for (int i = EVIDENCE_HASHES; i < mine.length; i++) {
          rowsOut.add(mine[i]);
        }
        cells.end(rowsOut);
      }
      rowsOut.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Each target's place in the scan's population, by name; the first of a repeated name. */
  static Map<String, Integer> populationOrder(ScanResult scan) {
    Map<String, Integer> order = new HashMap<>();
    for (TargetState t : scan.targets()) {
      order.putIfAbsent(text(t.name()), order.size());
    }
    return order;
  }

  /** The index of a finding's severity among {@link RowCells}' cells: its ordinal, or last. */
  static int severityIndex(Finding f) {
    return f.severity() == null ? SEVERITIES : f.severity().ordinal();
  }

  /** The header row as the format writes it, its record separator included. */
  static String header() throws IOException {
    StringBuilder header = new StringBuilder();
    new CSVPrinter(header, FORMAT).flush();
    return header.toString();
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The cells past a row's first as the format writes them (a comma, then the text made
   * printable and neutralised, quoted when it must be), in UTF-8, each distinct text made once:
   * a fleet's findings repeat titles, remediations, expectations and observations thousands of
   * times. Up to 2,048 texts are remembered at a time ({@link KeptValues}).
   */
  static final class Cells {
    private final KeptValues<String, byte[]> made = new KeptValues<>(new HashMap<>());
    private final StringBuilder cell = new StringBuilder();
    private final Function<String, byte[]> make = this::make;

    byte[] of(String value) {
      return made.of(value, make);
    }

    private byte[] make(String value) {
      cell.setLength(0);
      try {
        FORMAT.print(SpreadsheetCells.safe(PrintableText.of(value)), cell, false);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return utf8(cell.toString());
    }
  }

  /**
   * The rows' bytes gathered in a large buffer and handed on in one piece each time it fills.
   * A piece always ends between two cells, so it never cuts a character in two.
   */
  static final class Output {
    /** Where the pieces go. */
    private interface Pieces {
      void take(byte[] bytes, int length) throws IOException;
    }

    private final byte[] buffer = new byte[1 << 18];
    private final Pieces pieces;
    private final Flushable target;
    private int used;

    private Output(Pieces pieces, Flushable target) {
      this.pieces = pieces;
      this.target = target;
    }

    /** To an output stream, as the bytes are. */
    static Output to(OutputStream out) {
      return new Output((bytes, length) -> out.write(bytes, 0, length), out);
    }

    /** To a writer the caller chose, each piece decoded back to its characters. */
    static Output to(Writer out) {
      return new Output((bytes, length) -> out.write(
          new String(bytes, 0, length, StandardCharsets.UTF_8)), out);
    }

    /** Starts the file: the byte-order mark when asked for, then the header row. */
    void begin(boolean byteOrderMark, String header) throws IOException {
      byte[] start = utf8(byteOrderMark ? BYTE_ORDER_MARK + header : header);
      pieces.take(start, start.length);
    }

    void add(byte[] cell) throws IOException {
      if (used + cell.length > buffer.length) {
        pieces.take(buffer, used);
        used = 0;
        if (cell.length > buffer.length) {
          pieces.take(cell, cell.length);
          return;
        }
      }
      System.arraycopy(cell, 0, buffer, used, cell.length);
      used += cell.length;
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}: at most the buffer's size. */
    void add(byte[] bytes, int offset, int length) throws IOException {
      if (used + length > buffer.length) {
        pieces.take(buffer, used);
        used = 0;
      }
      System.arraycopy(bytes, offset, buffer, used, length);
      used += length;
    }

    void finish() throws IOException {
      pieces.take(buffer, used);
      used = 0;
      target.flush();
    }
  }

  /** The rows a CSV file holds, written to its printer. */
  interface Rows {
    void to(CSVPrinter printer) throws IOException;
  }

  /**
   * One CSV file of secaudit: the byte-order mark when asked for, the header row of
   * {@code format}, then the rows.
   */
  static void write(Writer out, CSVFormat format, boolean byteOrderMark, Rows rows) {
    try {
      if (byteOrderMark) {
        out.write(BYTE_ORDER_MARK);
      }
      CSVPrinter printer = new CSVPrinter(out, format);
      rows.to(printer);
      printer.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One cell as it may reach a spreadsheet: control characters shown as their codes, then
   * neutralised against formulas. Done per cell, so the scan is never copied whole.
   */
  static void print(CSVPrinter printer, String value) throws IOException {
    printer.print(SpreadsheetCells.safe(PrintableText.of(value)));
  }

  private static String requirements(List<Mapping> mappings, String framework) {
    Set<String> ids = new LinkedHashSet<>();
    for (Mapping m : mappings) {
      if (framework.equals(m.framework())) {
        // Annex A's spelling: a spreadsheet opens a bare "8.10" as 8.1, another control.
        ids.add(framework.equals("iso27001") ? "A." + m.requirement() : m.requirement());
      }
    }
    return String.join(" ", ids);
  }

  static String text(String s) {
    return s == null ? "" : s;
  }
}
