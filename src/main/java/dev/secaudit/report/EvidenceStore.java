package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.text;

import dev.secaudit.model.Artifact;
import dev.secaudit.report.ReportModel.ArtifactRow;
import dev.secaudit.report.ReportModel.Link;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The evidence appendix of the HTML report of a scan read target by target ({@link HtmlPage}),
 * written from a store as the findings table is: each artifact, as the reader hands it over
 * ({@link ArtifactSink}), goes made printable into a {@link SpillStore} with the fields its row
 * shows, and only its id (to say whether an evidence id was recorded, in {@link ArtifactIds})
 * and two numbers for its anchor are held. A fleet records tens of thousands of artifacts; held as records, rows,
 * anchors and maps they took ~0.5 KB each.
 *
 * <p>The anchors come out as {@link ReportRows} makes them from the scan's list ("e-" and the
 * id's slug, "-2", "-3" … on a clash, in the list's order), by the argument of {@link
 * FindingAnchors}: no other anchor begins "e-", and two artifacts' anchors can only be the same
 * when their stems are related (one is the other, or begins it followed by '-' and a counter or a
 * hash). An artifact whose stem is related to no other's has its base as anchor, made again where
 * it is needed. Whether stems are related is asked of 64-bit hashes of every stem and of every
 * beginning that could be a shorter stem: two equal stems always meet, and two that meet by
 * chance only give their artifacts the full rule, which then gives each its base. The related
 * ones are given their anchors by the full rule, in the list's order, where the rows are read.
 */
final class EvidenceStore implements ArtifactSink, AutoCloseable {
  private static final String PREFIX = "e-";

  private final Path folder;
  private final long memory;
  private SpillStore rows;
  private final ArtifactIds ids;
  // Made on the reading thread, which hands the artifacts over: its own, not the page's.
  private final Anchors anchors = new Anchors();
  // Let go when the artifacts are in (its walk remembers 65,536 texts, ~2 MB, while the page is
  // made).
  private UnaryOperator<Artifact> printable = PrintableText.each();
  private final FindingCodec texts = new FindingCodec();
  private long[] stems = new long[256];
  private long[] beginnings = new long[256];
  private int stemCount;
  private int beginningCount;
  private int count;
  private boolean finished;
  // The first anchor of each id of a related stem, made on the first link that asks.
  private Map<String, String> relatedFirst;

  /**
   * @param folder where the temporary file goes (null: the JVM's temporary folder)
   * @param memory bytes kept in memory before the rows go to a temporary file
   */
  EvidenceStore(Path folder, long memory) {
    this.folder = folder;
    this.memory = memory;
    this.rows = new SpillStore(folder, memory);
    this.ids = new ArtifactIds(folder);
  }

  @Override
  public void clear() {
    rows.close();
    rows = new SpillStore(folder, memory);
    ids.clear();
    stemCount = 0;
    beginningCount = 0;
    count = 0;
    relatedFirst = null;
  }

  @Override
  public void add(Artifact raw) {
    Artifact a = printable.apply(raw);
    String id = text(a.id());
    // Only the first artifact of an id lists what cites it, as the scan's list's rows do.
    rows.writeByte(ids.remember(id) ? 1 : 0);
    FindingCodec.writeText(rows, id);
    FindingCodec.writeText(rows, text(a.target()));
    FindingCodec.writeText(rows, ReportRows.kind(a));
    FindingCodec.writeText(rows, ReportRows.observedText(a));
    FindingCodec.writeText(rows, text(a.summary()));
    FindingCodec.writeText(rows, text(a.sha256()));
    FindingCodec.writeText(rows, text(a.content()));
    String stem = anchors.stem(id);
    stems = put(stems, stemCount++, hash(stem, stem.length()));
    for (int i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
      if (FindingAnchors.countsOrHashes(stem, i + 1)) {
        beginnings = put(beginnings, beginningCount++, hash(stem, i));
      }
    }
    count++;
  }

  /** Every artifact has been handed over: the rows can be read. */
  void finish() {
    rows.finishWriting();
    // Only as long as they are: grown by doubling, a fleet's were up to twice that.
    stems = Arrays.copyOf(stems, stemCount);
    beginnings = Arrays.copyOf(beginnings, beginningCount);
    Arrays.sort(stems);
    Arrays.sort(beginnings);
    printable = null;
    finished = true;
  }

  /** How many artifacts the scan recorded, each of an id counted. */
  int size() {
    return count;
  }

  /** Whether an artifact of this id was recorded. */
  boolean recorded(String id) {
    return ids.contains(id);
  }

  /** The anchor of the first artifact of {@code id}, or null when none has that id. */
  String firstAnchor(String id) {
    if (!ids.contains(id)) {
      return null;
    }
    if (!related(anchors.stem(id))) {
      return anchors.base(PREFIX, id);
    }
    if (relatedFirst == null) {
      // Rare (an id twice, or "x" beside "x-2"): the related ones' anchors in the list's order.
      relatedFirst = new HashMap<>();
      for (ArtifactRow row : rows(name -> List.of())) {
        if (related(anchors.stem(row.id()))) {
          relatedFirst.putIfAbsent(row.id(), row.anchor());
        }
      }
    }
    return relatedFirst.get(id);
  }

  /**
   * Whether an artifact of this stem may not have its base as anchor: another has the same
   * stem, or a stem that begins it or that it begins (followed by '-' and a counter or a hash).
   */
  private boolean related(String stem) {
    long h = hash(stem, stem.length());
    int at = Arrays.binarySearch(stems, 0, stemCount, h);
    boolean twice = at > 0 && stems[at - 1] == h || at >= 0 && at + 1 < stemCount
        && stems[at + 1] == h;
    if (twice || Arrays.binarySearch(beginnings, 0, beginningCount, h) >= 0) {
      return true;
    }
    for (int i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
      if (FindingAnchors.countsOrHashes(stem, i + 1)
          && Arrays.binarySearch(stems, 0, stemCount, hash(stem, i)) >= 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * The appendix's rows in the scan's order, read from the store each time they are walked;
   * {@code citedBy}: the rows and claims citing an id, listed on its first artifact's row.
   */
  ReportModel.ArtifactRows rows(Function<String, List<Link>> citedBy) {
    if (!finished) {
      throw new IllegalStateException("finish() first");
    }
    return new ReportModel.ArtifactRows() {
      @Override
      public boolean isEmpty() {
        return count == 0;
      }

      @Override
      public Iterator<ArtifactRow> iterator() {
        return new Rows(citedBy);
      }
    };
  }

  private final class Rows implements Iterator<ArtifactRow> {
    private final Function<String, List<Link>> citedBy;
    // The full rule for the related ones, made again from the first row at each walk.
    private final Anchors made = new Anchors();
    private int next;
    private long at;

    Rows(Function<String, List<Link>> citedBy) {
      this.citedBy = citedBy;
    }

    @Override
    public boolean hasNext() {
      return next < count;
    }

    @Override
    public ArtifactRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      // Another walk (the links' first anchors) may have moved the store since.
      rows.seek(at);
      boolean first = rows.readByte() == 1;
      String id = texts.text(rows);
      String target = texts.text(rows);
      String kind = texts.text(rows);
      String time = texts.text(rows);
      String summary = texts.text(rows);
      String sha256 = texts.text(rows);
      String content = texts.text(rows);
      at = rows.position();
      next++;
      String anchor = related(anchors.stem(id)) ? made.make(PREFIX, id)
          : anchors.base(PREFIX, id);
      List<Link> cited = first ? citedBy.apply(id) : List.of();
      return new ArtifactRow(anchor, id, target, kind, time, summary, sha256, content,
          List.copyOf(cited));
    }
  }

  private static long[] put(long[] array, int at, long value) {
    long[] into = at < array.length ? array : Arrays.copyOf(array, array.length * 2);
    into[at] = value;
    return into;
  }

  /** A 64-bit hash of the first {@code end} chars (FNV-1a, then spread). */
  private static long hash(String s, int end) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < end; i++) {
      h = (h ^ s.charAt(i)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    return h;
  }

  @Override
  public void close() {
    rows.close();
    ids.close();
  }
}
