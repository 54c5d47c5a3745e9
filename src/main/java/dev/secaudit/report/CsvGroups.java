package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.TargetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The CSV's rows of a scan whose findings come target by target, as {@code scan} and {@code
 * merge} write them (sorted by target in population order): each target's findings are sorted
 * by check id and subject as they arrive, and their rows appended to one store per status and
 * severity ({@link ReportModel#fixRank}, {@link SpillStore}); the report is then each store's
 * rows in that order, target by target in the report's order. That is the order {@link
 * CsvReport}'s sort of every finding gives (what to fix first, then the target's place, name,
 * check id and subject, ties in the file's order), so the bytes are the same, while the findings
 * held are one target's.
 *
 * <p>A file whose findings of one target are not all together (hand-made, or reordered) is
 * refused with {@link TargetGroups.NotGrouped}, and the caller sorts it whole instead.
 */
final class CsvGroups implements AutoCloseable {
  /**
   * Bytes of rows kept in memory in all before they go to temporary files: what six stores (one
   * a severity, when rows were sorted by severity alone) kept, shared by the {@link
   * ReportModel#FIX_RANKS} stores.
   */
  static final long MEMORY = TargetGroups.MEMORY * ReportModel.SEVERITY_RANKS;

  /** A finding as held until its target's findings are sorted. */
  private record Row(int fixRank, String checkId, String subject, int severity, int status,
      List<String> evidence, byte[][] own) {}

  private static final Comparator<Row> ORDER =
      Comparator.comparing(Row::checkId).thenComparing(Row::subject);

  private final CsvReport.OwnCells own;
  private final TargetGroups groups;
  private final List<Row> group = new ArrayList<>();
  // The recorded gate, counted as the findings pass: deciding it in a second reading of the
  // file once the report was written cost a third of the 213,500-finding CSV's CPU time.
  private final GateVerdict.Tally gate;
  private final IntUnaryOperator places;
  private int read;
  // A row's evidence ids as written to its store, each with its length: their hashes are
  // looked up when the rows are written, once the artifacts (after the findings) have been read.
  private byte[] ids = new byte[256];
  private byte[] previousIds = new byte[256];

  /**
   * @param folder where the temporary files go (null: the JVM's temporary folder)
   * @param memory bytes of rows kept in memory in all ({@link #MEMORY})
   * @param run the scan's run, whose fail-on the gate is counted with
   * @param places the place in the file of the finding read at each place ({@link FindingRuns})
   */
  CsvGroups(CsvReport.OwnCells own, Path folder, long memory, RunInfo run,
      IntUnaryOperator places) {
    this.own = own;
    this.places = places;
    this.gate = new GateVerdict.Tally(GateVerdict.Tally.recordedFailOn(run),
        run != null && run.failOnNew(), false);
    this.groups = new TargetGroups(ReportModel.FIX_RANKS, folder, memory / ReportModel.FIX_RANKS);
  }

  /** The next finding of the file. */
  void add(Finding f) {
    groups.arrive(CsvReport.text(f.target()), this::flush);
    gate.add(f, places.applyAsInt(read++));
    group.add(new Row(ReportModel.fixRank(f.status(), f.severity()), CsvReport.text(f.checkId()), f.subject(), CsvReport.severityIndex(f),
        f.status().ordinal(), f.evidence(), own.of(f)));
  }

  /** The target being read is complete: its rows, sorted, go to their severities' stores. */
  private void flush() {
    groups.begin();
    group.sort(ORDER);
    for (Row r : group) {
      SpillStore store = groups.store(r.fixRank());
      byte[][] cells = r.own();
      store.writeByte(r.severity());
      store.writeByte(r.status());
      writeIds(store, r.evidence());
      int before = CsvReport.EVIDENCE_HASHES;
      store.writeInt(length(cells, 0, before));
      for (int i = 0; i < before; i++) {
        store.write(cells[i]);
      }
      store.writeInt(length(cells, before, cells.length));
      for (int i = before; i < cells.length; i++) {
        store.write(cells[i]);
      }
    }
    group.clear();
  }

  private void writeIds(SpillStore store, List<String> evidence) {
    int length = 0;
    for (String id : evidence) {
      byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
      if (ids.length < length + 4 + bytes.length) {
        ids = Arrays.copyOf(ids, Math.max(length + 4 + bytes.length, ids.length * 2));
      }
      ids[length] = (byte) (bytes.length >>> 24);
      ids[length + 1] = (byte) (bytes.length >>> 16);
      ids[length + 2] = (byte) (bytes.length >>> 8);
      ids[length + 3] = (byte) bytes.length;
      System.arraycopy(bytes, 0, ids, length + 4, bytes.length);
      length += 4 + bytes.length;
    }
    store.writeInt(length);
    store.write(ids, 0, length);
  }

  /**
   * The hashes cell of the evidence ids the store is at: the row before's when they are the
   * same ids (a target's findings mostly cite the same few exchanges), else looked up.
   */
  private byte[] hashes(SpillStore store, RowCells cells, byte[] previous) {
    int length = store.readInt();
    if (ids.length < length) {
      ids = new byte[Math.max(length, ids.length * 2)];
    }
    store.read(ids, length);
    if (previous != null && previousLength == length
        && Arrays.equals(ids, 0, length, previousIds, 0, length)) {
      return previous;
    }
    List<String> evidence = new ArrayList<>();
    for (int at = 0; at < length; ) {
      int n = (ids[at] & 0xff) << 24 | (ids[at + 1] & 0xff) << 16 | (ids[at + 2] & 0xff) << 8
          | (ids[at + 3] & 0xff);
      evidence.add(new String(ids, at + 4, n, StandardCharsets.UTF_8));
      at += 4 + n;
    }
    byte[] swap = previousIds;
    previousIds = ids;
    ids = swap;
    previousLength = length;
    return cells.hashesOf(evidence);
  }

  private int previousLength = -1;

  private static int length(byte[][] cells, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      n += cells[i].length;
    }
    return n;
  }

  /** The last finding has been read. */
  void finish() {
    groups.finish(this::flush);
  }

  /** The gate the scan recorded, decided from its findings as they were read. */
  GateVerdict gate(List<TargetState> targets) {
    return gate.verdict(targets);
  }

  /** Whether any rows went to a temporary file. */
  boolean spilled() {
    return groups.spilled();
  }

  /**
   * Writes the rows (the header is the caller's): each store, what to fix first first, and in it
   * the targets in population order, then the others by name.
   *
   * @param rest the scan without its findings: its targets, artifacts and run
   */
  void writeTo(RowCells cells, ScanResult rest, CsvReport.Output out)
      throws IOException {
    // Each group's place in the population, for its URL: no second map of names.
    java.util.Map<String, Integer> population = CsvReport.populationOrder(rest);
    int[] order = groups.order(population);
    int[] places = new int[groups.size()];
    for (int g = 0; g < places.length; g++) {
      places[g] = population.getOrDefault(groups.target(g), -1);
    }
    population = null;
    for (int s = 0; s < ReportModel.FIX_RANKS; s++) {
      SpillStore store = groups.store(s);
      if (store.size() == 0) {
        continue;
      }
      for (int g : order) {
        long from = groups.from(s, g);
        long to = groups.to(s, g);
        if (from == to) {
          continue;
        }
        byte[][] target = cells.target(places[g], groups.target(g));
        store.seek(from);
        byte[] hashes = null;
        while (store.position() < to) {
          cells.start(out, store.readByte(), store.readByte(), target);
          byte[] mine = hashes(store, cells, hashes);
          store.copyTo(out, store.readInt());
          out.add(mine);
          hashes = mine;
          store.copyTo(out, store.readInt());
          cells.end(out);
        }
      }
    }
  }

  @Override
  public void close() {
    groups.close();
  }
}
