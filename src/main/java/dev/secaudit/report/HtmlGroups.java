package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.CLAIM_CHECKS;
import static dev.secaudit.report.ReportModel.MAX_LINKS;
import static dev.secaudit.report.ReportModel.text;

import dev.secaudit.compliance.ComplianceView;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Grade;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntUnaryOperator;

/**
 * The HTML report of a scan whose findings come target by target ({@link TargetGroups}), read
 * holding one target's findings: everything the page shows before the findings table is
 * counted as they pass (the summary, the grade and the gate, each target's counts for the
 * population and the chart, each requirement's count, coverage, status and first {@link
 * ReportModel#MAX_LINKS} findings), and each target's findings, sorted as the table lists them,
 * go to one store per severity, the table's and the MANUAL ones apart ({@link FindingCodec}).
 * Kept whole are only the findings the page shows in full anyway: the claim checks' judgements
 * and the waived findings. The page is then built from these ({@link HtmlPage}), the table's
 * rows read back in order as they are written.
 *
 * <p>The rows' anchors come out as {@link ReportModelBuilder} makes them only when the findings
 * whose anchors can clash are within one target ({@link FindingAnchors}): a target whose slug is
 * related to another's, a second target with no slug, and two equal findings (whose links go to
 * the first) are refused with {@link TargetGroups.NotGrouped}, and the caller reads the whole
 * scan instead; a file not grouped by target is read again in target order ({@link
 * FindingRuns}), each finding keeping its place in the file.
 */
final class HtmlGroups implements AutoCloseable {
  /** A finding and its place in the file. */
  record Numbered(Finding finding, int index) {}

  static final int SEVERITIES = CsvReport.SEVERITIES + 1;

  /** Within one target, the table's order ({@link ReportModelBuilder}): ties in file order. */
  static final Comparator<Numbered> WITHIN_TARGET = Comparator
      .comparing((Numbered n) -> n.finding(), ReportModel.BY_SEVERITY)
      .thenComparing(n -> n.finding().status())
      .thenComparing(n -> text(n.finding().checkId()))
      .thenComparing(n -> n.finding().subject())
      .thenComparing(n -> n.finding().observed())
      .thenComparingInt(Numbered::index);

  final TargetGroups groups;
  final FindingCodec codec = new FindingCodec();
  final Anchors anchors = new Anchors();
  private final List<Numbered> group = new ArrayList<>();
  // The group's findings by what they judged: two equal ones are refused.
  private final Map<Integer, List<Finding>> byPlace = new HashMap<>();
  private int read;
  // Each finding's place in the file from the order it is read in.
  private final IntUnaryOperator places;
  private static final int STATUSES = Status.values().length;
  // Each group's findings by status (counts by ordinal) and a bit for each of its [severity * 2
  // + (ERROR ? 1 : 0)] with a FAIL or ERROR finding (NEW against the baseline: the same bit,
  // FRESH_BITS higher), in the file's order of groups: rows of one
  // table in pages of PAGE groups (two arrays a target and a list of each, grown by copies, were
  // ~130 bytes of each of a fleet's 17,670 targets; these are 36).
  private static final int COUNTS = STATUSES + 1;
  private static final int PAGE = 1 << 10;
  private static final int FRESH_BITS = 16;
  private final List<int[]> counts = new ArrayList<>();
  // The FAIL and ERROR findings of every group.
  int problems;
  int tableRows;
  int manualRows;
  final ReportModel.Summary.Counts summary = new ReportModel.Summary.Counts();
  final Grade.Tally grade = new Grade.Tally();
  final GateVerdict.Tally gate;
  final Set<Status> shownStatuses = EnumSet.noneOf(Status.class);
  final Set<Severity> shownSeverities = EnumSet.noneOf(Severity.class);
  final Set<String> checks = new TreeSet<>();
  final Set<String> frameworkIds = new TreeSet<>();
  // The table's findings a field of which could read as an anchor (FindingData.mayReadAsAnchor).
  int mayReadAsAnchor;
  final List<Numbered> claimFindings = new ArrayList<>();
  final List<Numbered> waived = new ArrayList<>();
  final List<Numbered> attestations = new ArrayList<>();
  final Map<Mapping, ComplianceView.Tally> requirements = new HashMap<>();
  // The targets' slugs met so far, their beginnings before a '-', and the stems of the one
  // group with no slug: where two groups' anchors could clash. Let go once the findings are read.
  // The slugs and their beginnings are held out of the heap (TextNumbers): as a String and a
  // set's node each they were ~100 bytes of each of a fleet's targets while the file was read.
  private TextNumbers keys;
  private TextNumbers keyBeginnings;
  private Set<String> looseStems;
  private Set<String> looseBeginnings = new HashSet<>();

  /**
   * @param run the scan's run, read before its findings: the gate it recorded
   * @param folder where the temporary files go (null: the JVM's temporary folder)
   * @param memory bytes of rows kept in memory for each store ({@link TargetGroups#MEMORY})
   */
  HtmlGroups(RunInfo run, Path folder, long memory) {
    this(run, folder, memory, IntUnaryOperator.identity());
  }

  /**
   * As above, the findings read in another order than the file's ({@link FindingRuns}): {@code
   * places} gives the place in the file of the finding read at each place.
   */
  HtmlGroups(RunInfo run, Path folder, long memory, IntUnaryOperator places) {
    this.places = places;
    this.groups = new TargetGroups(2 * SEVERITIES, folder, memory);
    this.keys = new TextNumbers(folder, memory, ArtifactDigests::hash, false);
    this.keyBeginnings = new TextNumbers(folder, memory, ArtifactDigests::hash);
    this.gate = new GateVerdict.Tally(GateVerdict.Tally.recordedFailOn(run),
        run != null && run.failOnNew(), false);
  }

  /** The next finding of the file, made printable. */
  void add(Finding f) {
    groups.arrive(text(f.target()), this::flush);
    Numbered n = new Numbered(f, places.applyAsInt(read++));
    // Checked as each arrives, so that a file of copies is refused at the first (its rows are
    // then read whole) rather than once its whole target has been read.
    List<Finding> same = byPlace.computeIfAbsent(ReportModelBuilder.place(f),
        k -> new ArrayList<>(1));
    for (Finding other : same) {
      if (other.equals(f)) {
        throw new TargetGroups.NotGrouped();
      }
    }
    same.add(f);
    group.add(n);
    summary.add(f);
    grade.add(f);
    gate.add(f, n.index());
    if (text(f.checkId()).startsWith(CLAIM_CHECKS)) {
      claimFindings.add(n);
    }
    if (f.waiver() != null) {
      waived.add(n);
    }
    if (ComplianceView.isAttestation(f)) {
      attestations.add(n);
    }
    List<Mapping> mappings = f.mappings();
    for (int i = 0; i < mappings.size(); i++) {
      Mapping m = mappings.get(i);
      if (mappings.subList(0, i).contains(m)) {
        continue;
      }
      requirements.computeIfAbsent(m, k -> new ComplianceView.Tally(MAX_LINKS, true))
          .add(f, n.index());
    }
    if (f.status() != Status.MANUAL) {
      shownStatuses.add(f.status());
      if (f.severity() != null) {
        shownSeverities.add(f.severity());
      }
      checks.add(text(f.checkId()));
      for (Mapping m : mappings) {
        frameworkIds.add(m.framework());
      }
      if (FindingData.mayReadAsAnchor(f)) {
        mayReadAsAnchor++;
      }
    }
  }

  /** The last finding has been read. */
  void finish() {
    groups.finish(this::flush);
    forgetKeys();
    looseStems = null;
    looseBeginnings = Set.of();
    // In the file's order, as the whole scan lists them, when read in another.
    for (List<Numbered> kept : List.of(claimFindings, waived, attestations)) {
      kept.sort(Comparator.comparingInt(Numbered::index));
    }
  }

  /** A group's findings of a status. */
  int statusCount(int group, Status status) {
    return counts.get(group / PAGE)[group % PAGE * COUNTS + status.ordinal()];
  }

  /** A group's findings by status, counts by ordinal (a copy). */
  int[] statusCounts(int group) {
    int at = group % PAGE * COUNTS;
    return java.util.Arrays.copyOfRange(counts.get(group / PAGE), at, at + STATUSES);
  }

  /**
   * Whether a group has a FAIL ({@code error} false) or ERROR finding of a severity's index, NEW
   * against the baseline or not ({@code fresh}, {@link VerdictScreen#fresh}).
   */
  boolean hasProblem(int group, int severity, boolean error, boolean fresh) {
    int bits = counts.get(group / PAGE)[group % PAGE * COUNTS + STATUSES];
    return (bits & problemBit(severity, error, fresh)) != 0;
  }

  private static int problemBit(int severity, boolean error, boolean fresh) {
    return 1 << severity * 2 + (error ? 1 : 0) + (fresh ? FRESH_BITS : 0);
  }

  /** The store of the table's rows (or the MANUAL ones') of a severity's index. */
  SpillStore store(boolean manual, int severity) {
    return groups.store(manual ? SEVERITIES + severity : severity);
  }

  /** A target's findings are all read: their rows, sorted, go to their stores. */
  private void flush() {
    String target = groups.current();
    String key = anchors.slugOf(target);
    if (key.isEmpty()) {
      looseStems = looseStems(target);
    } else {
      apart(key);
    }
    byPlace.clear();
    List<Finding> findings = new ArrayList<>(group.size());
    for (Numbered n : group) {
      findings.add(n.finding());
    }
    Set<Finding> related = FindingAnchors.related(Map.of(target, findings), anchors);
    List<Numbered> table = new ArrayList<>();
    List<Numbered> manual = new ArrayList<>();
    for (Numbered n : group) {
      (n.finding().status() == Status.MANUAL ? manual : table).add(n);
    }
    table.sort(WITHIN_TARGET);
    manual.sort(WITHIN_TARGET);
    groups.begin();
    codec.forgetLast();
    int g = groups.size() - 1;
    if (g % PAGE == 0) {
      counts.add(new int[PAGE * COUNTS]);
    }
    int[] page = counts.get(g / PAGE);
    int at = g % PAGE * COUNTS;
    for (List<Numbered> rows : List.of(table, manual)) {
      for (Numbered n : rows) {
        Finding f = n.finding();
        // Only the findings whose anchor can clash are given theirs here, in the table's
        // order; every other anchor is its base, made where it is written.
        String anchor = related.contains(f)
            ? anchors.make("f-", text(f.target()), text(f.checkId()), f.subject()) : null;
        int severity = CsvReport.severityIndex(f);
        codec.write(store(rows == manual, severity), f, n.index(), anchor);
        page[at + f.status().ordinal()]++;
        if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
          page[at + STATUSES] |=
              problemBit(severity, f.status() == Status.ERROR, VerdictScreen.fresh(f));
          problems++;
        }
      }
    }
    tableRows += table.size();
    manualRows += manual.size();
    group.clear();
  }

  /**
   * A target's slug clashes with none met before, nor with the stems of the group with no slug
   * (as {@link FindingAnchors} compares them): else its anchors depend on another group's.
   */
  private void apart(String key) {
    boolean clash = !keys.add(key) || keyBeginnings.contains(key)
        || looseStems != null && (looseStems.contains(key) || looseBeginnings.contains(key));
    for (int i = key.indexOf('-'); i >= 0 && !clash; i = key.indexOf('-', i + 1)) {
      String begins = key.substring(0, i);
      clash = keys.contains(begins) || looseStems != null && looseStems.contains(begins);
      keyBeginnings.add(begins);
    }
    if (clash) {
      throw new TargetGroups.NotGrouped();
    }
  }

  /**
   * The stems of the findings of a target with no slug (their beginnings kept apart): compared
   * with every slug; a second such target is compared with the first, so it is refused.
   */
  private Set<String> looseStems(String target) {
    if (looseStems != null) {
      throw new TargetGroups.NotGrouped();
    }
    Set<String> stems = new HashSet<>();
    for (Numbered n : group) {
      String stem = FindingAnchors.stem(n.finding(), anchors);
      if (keys.contains(stem) || keyBeginnings.contains(stem)) {
        throw new TargetGroups.NotGrouped();
      }
      stems.add(stem);
      for (int i = stem.indexOf('-'); i >= 0; i = stem.indexOf('-', i + 1)) {
        String begins = stem.substring(0, i);
        if (keys.contains(begins)) {
          throw new TargetGroups.NotGrouped();
        }
        looseBeginnings.add(begins);
      }
    }
    return stems;
  }

  /** The distinct mappings of a finding, in order. */
  static Set<Mapping> mappings(Finding f) {
    return new LinkedHashSet<>(f.mappings());
  }

  private void forgetKeys() {
    if (keys != null) {
      keys.close();
      keyBeginnings.close();
      keys = null;
      keyBeginnings = null;
    }
  }

  @Override
  public void close() {
    groups.close();
    forgetKeys();
  }
}
