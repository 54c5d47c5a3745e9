package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.BY_SEVERITY;
import static dev.secaudit.report.ReportModel.MAX_LINKS;
import static dev.secaudit.report.ReportModel.SEVERITY_COLUMNS;
import static dev.secaudit.report.ReportModel.STATIC_ROWS;
import static dev.secaudit.report.ReportModel.text;

import dev.secaudit.compliance.ComplianceView;
import dev.secaudit.compliance.Framework;
import dev.secaudit.compliance.FrameworkCatalog;
import dev.secaudit.model.Finding;
import dev.secaudit.model.GateVerdict;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.report.HtmlGroups.Numbered;
import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.FindingTable;
import dev.secaudit.report.ReportModel.FrameworkSection;
import dev.secaudit.report.ReportModel.Link;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The HTML report's model built from a scan read target by target ({@link HtmlGroups}): the same
 * model {@link ReportModelBuilder} builds from the whole scan, made from counts, short lists and
 * the stores of rows. The table's first {@link ReportModel#STATIC_ROWS} rows (and the MANUAL
 * ones') are read back as findings, since what links to a finding links to its written row; the
 * rest of the table is read as the page's data is written.
 */
final class HtmlPage {
  private final HtmlGroups groups;
  private final EvidenceStore evidence;
  private final ScanResult rest;
  private final ScanResult read;
  private final ReportRows shared;
  private final List<Framework> frameworks = new ArrayList<>();
  // The targets in the report's order (population, then the others by name), out of the heap.
  private final PagePopulation population;
  private final int[] order;
  // The place in the file of each finding kept or read back, and the written rows' anchors.
  private final Map<Finding, Integer> places = new IdentityHashMap<>();
  private final Map<Integer, String> writtenAnchors = new HashMap<>();
  private final List<Finding> written = new ArrayList<>();

  /**
   * {@code read}: the scan without its findings and artifacts; {@code groups} and {@code
   * evidence}, its artifacts, finished.
   */
  HtmlPage(HtmlGroups groups, EvidenceStore evidence, ScanResult read, java.nio.file.Path folder,
      long memory) {
    this.groups = groups;
    this.evidence = evidence;
    this.read = read;
    this.rest = PrintableText.of(read);
    this.shared = new ReportRows(rest, groups.anchors);
    shared.artifactsFrom(evidence);
    for (String id : shared.run().frameworks()) {
      frameworks.add(FrameworkCatalog.get(id));
    }
    population = new PagePopulation(rest.targets(), groups, folder, memory);
    order = population.order();
    for (List<Numbered> kept : List.of(groups.claimFindings, groups.waived, groups.attestations)) {
      kept.forEach(n -> places.put(n.finding(), n.index()));
    }
  }

  /**
   * Reads a scan.json for its HTML report target by target, the temporary files in {@code
   * folder} (null: the JVM's) past {@code memory} bytes a store; null when the file must be read
   * whole instead ({@link TargetGroups.NotGrouped}, or no temporary file to be had). A file whose
   * findings of a target are apart is read again in target order ({@link FindingRuns}); a fault
   * met only then is left to the whole read, which names the first in the file's order. Nothing
   * is written yet, so a refused file writes nothing.
   */
  static HtmlPage read(java.nio.file.Path scanFile, java.nio.file.Path folder, long memory) {
    return FindingRuns.read(scanFile, true, (reader, places) -> {
      HtmlGroups groups = new HtmlGroups(reader.run(), folder, memory, places);
      EvidenceStore evidence = new EvidenceStore(folder, memory);
      reader.artifactsTo(evidence);
      try {
        java.util.function.UnaryOperator<Finding> printable = PrintableText.findings();
        ScanResult rest = reader.forEach(f -> groups.add(printable.apply(f)));
        groups.finish();
        if (!reader.streamedArtifacts()) {
          // Listed before the findings, say: held by the reader, stored all the same.
          evidence.clear();
          rest.artifacts().forEach(evidence::add);
          rest = new ScanResult(rest.schema(), rest.run(), rest.targets(), rest.findings(),
              List.of(), rest.claims(), rest.waivers(), rest.baseline(), rest.processing());
        }
        evidence.finish();
        return new HtmlPage(groups, evidence, rest, folder, memory);
      } catch (SpillStore.Failed e) {
        groups.close();
        evidence.close();
        return null;
      } catch (RuntimeException | Error e) {
        groups.close();
        evidence.close();
        throw e;
      }
    });
  }

  /** The scan as read, without its findings and artifacts. */
  ScanResult scan() {
    return read;
  }

  /** The temporary files are let go; the page cannot be written again. */
  void close() {
    groups.close();
    evidence.close();
    population.close();
  }

  /** The gate the scan recorded, decided from the findings as they were counted. */
  GateVerdict gate() {
    return groups.gate.verdict(rest.targets());
  }

  /** The catalogue's checks per requirement, given with the model ({@link #model}). */
  private Map<Mapping, List<String>> mapped = Map.of();

  ReportModel model(GateVerdict gate, String csp, dev.secaudit.model.CheckDescriptions checks) {
    mapped = dev.secaudit.model.CheckDescriptions.checksByRequirement(checks);
    ReportCharts.TargetBars bars = new ReportCharts.TargetBars();
    population.anchor(bars);
    shared.anchorTheRest(frameworks);
    Rows table = new Rows(false);
    List<FindingRow> rows = new ArrayList<>();
    for (int i = 0; i < STATIC_ROWS && table.hasNext(); i++) {
      rows.add(writtenRow(table.next()));
    }
    Rows manualRows = new Rows(true);
    List<FindingRow> manual = new ArrayList<>();
    for (int i = 0; i < STATIC_ROWS && manualRows.hasNext(); i++) {
      manual.add(writtenRow(manualRows.next()));
    }
    // As the whole scan's page has it: the anchors stand apart when no row past the written
    // ones has a field that could read as one.
    int mayReadAsAnchor = groups.mayReadAsAnchor;
    for (Finding f : written) {
      if (f.status() != Status.MANUAL && FindingData.mayReadAsAnchor(f)) {
        mayReadAsAnchor--;
      }
    }
    FindingData more = new FindingData(groups.tableRows - rows.size(), i -> {
      FindingCodec.Read r = table.next();
      return shared.findingRow(r.finding(), anchor(r), false);
    }, mayReadAsAnchor == 0);
    FindingTable findings = new FindingTable(rows, groups.tableRows, more, statuses(),
        severities(), population.filter(), List.copyOf(groups.checks),
        ReportRows.frameworkFilter(groups.frameworkIds, frameworks));
    var claimRows = shared.claimRows(claimFindings(), this::link);
    List<FrameworkSection> sections = new ArrayList<>();
    Map<Mapping, List<Finding>> placed = placed();
    Set<Mapping> merged = new HashSet<>();
    for (Framework fw : frameworks) {
      List<ReportRows.Requirement> requirements = new ArrayList<>();
      for (Framework.Requirement r : fw.requirements()) {
        requirements.add(requirement(new Mapping(fw.id(), r.id()), r, placed, merged));
      }
      sections.add(shared.section(fw, requirements, this::link));
    }
    VerdictScreen.Fixes fixFirst = fixFirst();
    VerdictScreen.Screen verdict = VerdictScreen.of(groups.grade.grade(rest.targets()), gate,
        fixFirst, groups.problems, this::link);
    // The chart's bars link to the population's rows; a target outside it has none.
    ReportCharts.Charts charts = ReportCharts.of(bars, sections);
    return new ReportModel(csp, shared.header(), verdict,
        ReportModel.Summary.of(groups.summary, rest, evidence.size(), shared.run()),
        population.rows(), sections, findings, manual,
        groups.manualRows, claimRows, charts, evidence.rows(shared::citedBy),
        GatingSections.waivers(rest, numbered(groups.waived), this::link),
        GatingSections.baseline(rest), rest.processing());
  }

  private FindingRow writtenRow(FindingCodec.Read r) {
    String anchor = anchor(r);
    writtenAnchors.put(r.index(), anchor);
    places.put(r.finding(), r.index());
    written.add(r.finding());
    return shared.findingRow(r.finding(), anchor, true);
  }

  private String anchor(FindingCodec.Read r) {
    return r.anchor() != null ? r.anchor() : shared.baseAnchor(r.finding());
  }

  /** A link to the finding's written row, or its label when it has none. */
  private Link link(Finding f) {
    Integer place = places.get(f);
    return ReportRows.findingLink(f, place == null ? null : writtenAnchors.get(place));
  }

  private List<String> statuses() {
    List<String> shown = new ArrayList<>();
    for (Status s : Status.values()) {
      if (s != Status.MANUAL && groups.shownStatuses.contains(s)) {
        shown.add(s.name());
      }
    }
    return shown;
  }

  private List<String> severities() {
    List<String> shown = new ArrayList<>();
    for (Severity s : SEVERITY_COLUMNS) {
      if (groups.shownSeverities.contains(s)) {
        shown.add(s.name());
      }
    }
    return shown;
  }

  /** The table's order of findings: the table's, then the MANUAL ones'. */
  private Comparator<Numbered> tableOrder() {
    // Each target's place looked up once, not at every comparison (out of the heap, a read).
    Map<String, Integer> placeOf = new HashMap<>();
    return Comparator
        .comparingInt((Numbered n) -> n.finding().status() == Status.MANUAL ? 1 : 0)
        .thenComparing(Numbered::finding, BY_SEVERITY)
        .thenComparingInt(n -> placeOf.computeIfAbsent(text(n.finding().target()),
            population::place))
        .thenComparing(n -> n.finding().status())
        .thenComparing(n -> text(n.finding().checkId()))
        .thenComparing(n -> n.finding().subject())
        .thenComparing(n -> n.finding().observed())
        .thenComparingInt(Numbered::index);
  }

  /** The claim checks' findings by the claim they judge, each in the table's order. */
  private Map<String, List<Finding>> claimFindings() {
    List<Numbered> sorted = new ArrayList<>(groups.claimFindings);
    sorted.sort(tableOrder());
    Map<String, List<Finding>> bySubject = new HashMap<>();
    for (Numbered n : sorted) {
      bySubject.computeIfAbsent(n.finding().subject(), k -> new ArrayList<>()).add(n.finding());
    }
    return bySubject;
  }

  private static List<Finding> numbered(List<Numbered> list) {
    return list.stream().map(Numbered::finding).toList();
  }

  /** The claims mapped to each requirement, in the scan's order (as the compliance view has). */
  private Map<Mapping, List<ClaimRecord>> claimsByMapping() {
    Map<Mapping, List<ClaimRecord>> claims = new HashMap<>();
    for (ClaimRecord c : rest.claims()) {
      for (Mapping m : new LinkedHashSet<>(c.mappings())) {
        claims.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
      }
    }
    return claims;
  }

  private Map<Mapping, List<ClaimRecord>> claims;

  /**
   * The written rows each requirement links first, in the order they are written, at most
   * {@link ReportModel#MAX_LINKS}: its own findings, and the attestations of its claims.
   */
  private Map<Mapping, List<Finding>> placed() {
    claims = claimsByMapping();
    Map<String, Set<Mapping>> claimMappings = new HashMap<>();
    claims.forEach((m, list) -> list.forEach(
        c -> claimMappings.computeIfAbsent(c.id(), k -> new LinkedHashSet<>()).add(m)));
    Map<Mapping, List<Finding>> placed = new HashMap<>();
    for (Finding f : written) {
      Set<Mapping> of = HtmlGroups.mappings(f);
      if (ComplianceView.isAttestation(f)) {
        of.addAll(claimMappings.getOrDefault(f.subject(), Set.of()));
      }
      for (Mapping m : of) {
        List<Finding> list = placed.computeIfAbsent(m, k -> new ArrayList<>());
        // The most urgent first, the written order within a status (ReportRows.LINK_ORDER).
        int at = list.size();
        while (at > 0 && ReportRows.LINK_ORDER.compare(f, list.get(at - 1)) < 0) {
          at--;
        }
        if (at < MAX_LINKS) {
          list.add(at, f);
          if (list.size() > MAX_LINKS) {
            list.remove(MAX_LINKS);
          }
        }
      }
    }
    return placed;
  }

  private ReportRows.Requirement requirement(Mapping wanted, Framework.Requirement r,
      Map<Mapping, List<Finding>> placed, Set<Mapping> merged) {
    List<ClaimRecord> claimed = claims.getOrDefault(wanted, List.of());
    ComplianceView.Tally tally =
        groups.requirements.computeIfAbsent(wanted, k -> new ComplianceView.Tally(MAX_LINKS, true));
    // A claim's attestation travels with the claim (as the compliance view has it), once.
    if (!claimed.isEmpty() && merged.add(wanted)) {
      Set<String> ids = new HashSet<>();
      claimed.forEach(c -> ids.add(c.id()));
      for (Numbered a : groups.attestations) {
        if (ids.contains(a.finding().subject())
            && !HtmlGroups.mappings(a.finding()).contains(wanted)) {
          tally.add(a.finding(), a.index());
        }
      }
    }
    List<Finding> linked = new ArrayList<>(placed.getOrDefault(wanted, List.of()));
    List<Finding> first = tally.first();
    List<Integer> at = tally.places();
    for (int i = 0; i < first.size(); i++) {
      if (!writtenAnchors.containsKey(at.get(i))) {
        places.put(first.get(i), at.get(i));
        linked.add(first.get(i));
      }
    }
    // Both lists hold their best; together, the most urgent of either first.
    linked.sort(ReportRows.LINK_ORDER);
    if (linked.size() > MAX_LINKS) {
      linked.subList(MAX_LINKS, linked.size()).clear();
    }
    List<String> checks = mapped.getOrDefault(wanted, List.of());
    return new ReportRows.Requirement(r, tally.coverage(!claimed.isEmpty()), tally.status(),
        linked, tally.count(), claimed, checks.size(), tally.notRun(checks),
        tally.partlyRun(checks), tally.basis(), tally.asides());
  }

  /**
   * The first fixes ({@link VerdictScreen#FIX_FIRST}) among the FAIL and ERROR findings: most
   * severe, a failure before an error, then by target, check and subject, ties in the file's order;
   * read back from the stores of the targets that hold them, and only those: with a baseline, a
   * target's NEW problems of a severity and status are read for the first pass and its others for
   * the second. The last severity and status read is read whole, so each fix counts every target
   * it is on.
   */
  private VerdictScreen.Fixes fixFirst() {
    VerdictScreen.Fixes fixes = new VerdictScreen.Fixes();
    boolean baseline = read.baseline() != null;
    for (int s : severityOrder()) {
      for (Status status : List.of(Status.FAIL, Status.ERROR)) {
        if (fixes.full()) {
          return fixes;
        }
        // New problems of a severity and status first, so a regression is among the fixes shown
        // even when known failures of that rank would fill the list; then the rest.
        for (boolean freshPass : baseline ? new boolean[] {true, false} : new boolean[] {false}) {
        for (int g : order) {
          if (!groups.hasProblem(g, s, status == Status.ERROR, freshPass)) {
            continue;
          }
          List<FindingCodec.Read> found = new ArrayList<>();
          SpillStore store = groups.store(false, s);
          store.seek(groups.groups.from(s, g));
          List<String> evidence = null;
          while (store.position() < groups.groups.to(s, g)) {
            FindingCodec.Read r = groups.codec.read(store, evidence);
            evidence = r.finding().evidence();
            if (r.finding().status() == status
                && (!baseline || VerdictScreen.fresh(r.finding()) == freshPass)) {
              found.add(r);
            }
          }
          found.sort(Comparator.comparing((FindingCodec.Read r) -> text(r.finding().checkId()))
              .thenComparing(r -> r.finding().subject())
              .thenComparingInt(FindingCodec.Read::index));
          for (FindingCodec.Read r : found) {
            if (fixes.add(r.finding())) {
              places.put(r.finding(), r.index());
            }
          }
        }
        }
      }
    }
    return fixes;
  }

  /** The severities' stores, most severe first, no severity last. */
  private static int[] severityOrder() {
    int[] order = new int[HtmlGroups.SEVERITIES];
    for (int i = 0; i < CsvReport.SEVERITIES; i++) {
      order[i] = CsvReport.SEVERITIES - 1 - i;
    }
    order[CsvReport.SEVERITIES] = CsvReport.SEVERITIES;
    return order;
  }

  /** The table's rows (or the MANUAL ones') read back in the report's order. */
  private final class Rows {
    private final boolean manual;
    private final int[] severities = severityOrder();
    private int s;
    private int g = -1;
    private SpillStore store;
    private long at;
    private long to;
    // The evidence of the row read before in this group, which a row can repeat by reference.
    private List<String> evidence;

    Rows(boolean manual) {
      this.manual = manual;
    }

    boolean hasNext() {
      while (store == null || at >= to) {
        if (++g == order.length) {
          g = 0;
          if (++s == severities.length) {
            return false;
          }
        }
        int part = severities[s] + (manual ? HtmlGroups.SEVERITIES : 0);
        store = groups.groups.store(part);
        to = groups.groups.to(part, order[g]);
        at = groups.groups.from(part, order[g]);
        evidence = null;
      }
      return true;
    }

    FindingCodec.Read next() {
      if (!hasNext()) {
        throw new java.util.NoSuchElementException();
      }
      // Other readers (the fix-first list) may have moved the store since.
      store.seek(at);
      FindingCodec.Read r = groups.codec.read(store, evidence);
      at = store.position();
      evidence = r.finding().evidence();
      return r;
    }
  }
}
