package dev.secaudit.report;

import static dev.secaudit.report.CsvReport.FORMAT;
import static dev.secaudit.report.CsvReport.MISSING_ARTIFACT;
import static dev.secaudit.report.CsvReport.SEVERITIES;
import static dev.secaudit.report.CsvReport.rank;
import static dev.secaudit.report.CsvReport.text;
import static dev.secaudit.report.CsvReport.utf8;

import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.SpreadsheetCells;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The cells of a row that come from the run, its target or a list of all severities and
 * statuses rather than from the finding alone, each made once (Cells) and copied after that.
 */
final class RowCells {
  private final CsvReport.Cells cells;
  private final byte[][] ranks = new byte[SEVERITIES + 1][];
  private final byte[][] severities = new byte[SEVERITIES + 1][];
  private final byte[][] statusCells;
  private final byte[] runIdCell;
  private final byte[] separator;
  private final List<TargetState> targets;
  private final ArtifactDigests digests;
  // The last target's cells: rows come target by target.
  private int lastPlace = -1;
  private String lastName;
  private byte[][] lastTarget;
  private final KeptValues<List<String>, byte[]> hashCells =
      new KeptValues<>(new IdentityHashMap<>());
  // Made once here, not once per row as a lambda capturing these would be.
  private final Function<List<String>, byte[]> hashCell = this::hashCell;

  /**
   * @param scan the run and targets the rows name; its findings and artifacts are not read
   * @param digests the artifacts' digests
   */
  RowCells(CsvReport.Cells cells, ScanResult scan, ArtifactDigests digests) throws IOException {
    this.cells = cells;
    this.digests = digests;
    for (Severity s : Severity.values()) {
      ranks[s.ordinal()] = utf8(first(rank(s)));
      severities[s.ordinal()] = cells.of(s.label());
    }
    ranks[SEVERITIES] = utf8(first(rank(null)));
    severities[SEVERITIES] = cells.of("");
    Status[] statuses = Status.values();
    statusCells = new byte[statuses.length][];
    for (Status s : statuses) {
      statusCells[s.ordinal()] = cells.of(s.name().toLowerCase(Locale.ROOT));
    }
    RunInfo run = scan.run();
    runIdCell = cells.of(run == null ? "" : text(run.id()));
    separator = utf8(FORMAT.getRecordSeparator());
    targets = scan.targets();
  }

  /**
   * The target's name and URL cells: {@code place} is the first place of its name in the
   * scan's population ({@link CsvReport#populationOrder}), or past it for a name it does not list.
   */
  byte[][] target(int place, String name) {
    if (place != lastPlace || !Objects.equals(name, lastName)) {
      String url = place >= 0 && place < targets.size() ? text(targets.get(place).url()) : "";
      lastTarget = new byte[][] {cells.of(text(name)), cells.of(url)};
      lastPlace = place;
      lastName = name;
    }
    return lastTarget;
  }

  /** The hashes cell of a list of evidence ids. */
  byte[] hashes(List<String> evidence) {
    return hashCells.of(evidence, hashCell);
  }

  /** The hashes cell of evidence ids read back from a file: kept as a text, not as a list. */
  byte[] hashesOf(List<String> evidence) {
    return hashCell(evidence);
  }

  /** The row's first five cells: rank, severity, status, target and its URL. */
  void start(CsvReport.Output out, int severity, int status, byte[][] target)
      throws IOException {
    out.add(ranks[severity]);
    out.add(severities[severity]);
    out.add(statusCells[status]);
    out.add(target[0]);
    out.add(target[1]);
  }

  /** The row's last cell, the run's id, and the record separator. */
  void end(CsvReport.Output out) throws IOException {
    out.add(runIdCell);
    out.add(separator);
  }

  private byte[] hashCell(List<String> ids) {
    return cells.of(evidenceHashes(ids, digests));
  }

  /** The row's first cell as the format writes it: no comma before it. */
  private static String first(String value) throws IOException {
    StringBuilder cell = new StringBuilder();
    FORMAT.print(SpreadsheetCells.safe(PrintableText.of(value)), cell, true);
    return cell.toString();
  }

  /** The space-separated hashes of a finding's evidence, in the order of its ids. */
  private static String evidenceHashes(List<String> ids, ArtifactDigests digests) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ids.size(); i++) {
      b.append(i > 0 ? " " : ""); // by position: an empty first digest dropped the next space
      int before = b.length();
      if (!digests.appendTo(ids.get(i), b) || b.length() == before) {
        b.append(MISSING_ARTIFACT);
      }
    }
    return b.toString();
  }
}
