package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.BY_SEVERITY;
import static dev.secaudit.report.ReportModel.CLAIM_CHECKS;
import static dev.secaudit.report.ReportModel.FIX_ORDER;
import static dev.secaudit.report.ReportModel.MAX_LINKS;
import static dev.secaudit.report.ReportModel.SEVERITY_COLUMNS;
import static dev.secaudit.report.ReportModel.STATIC_ROWS;
import static dev.secaudit.report.ReportModel.text;

import dev.secaudit.compliance.RequirementStatus;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import dev.secaudit.report.ReportModel.ClaimRow;
import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.FindingTable;
import dev.secaudit.report.ReportModel.FrameworkSection;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.report.ReportModel.Summary;
/**
 * Builds a {@link ReportModel} from a whole scan: every anchor first, in one fixed order, because
 * rows link to each other in both directions; then the rows, sections and the findings table
 * (the rows themselves are {@link ReportRows}'). A scan read target by target builds the same
 * model without its findings held ({@link HtmlPage}).
 */
final class ReportModelBuilder {
  private final ScanResult scan;
  private final List<FrameworkView> views;
  private final RunInfo run;
  private final Anchors anchors = new Anchors();
  private final ReportRows shared;
  // Links go to the first of equal findings (views may hold equal copies); rows keep their own.
  private final Map<Finding, String> findingAnchors = new HashMap<>();
  private final Map<Finding, Integer> findingPositions = new HashMap<>();
  // The written findings by what they judged, so that a requirement's hundreds of thousands of
  // findings are placed by comparing strings whose hashes are kept, not by hashing each finding.
  private final Map<Integer, List<Finding>> writtenByPlace = new HashMap<>();
  private Set<Finding> related = Set.of();
  private final boolean keepEveryAnchor;
  private final Map<String, List<Finding>> findingsByTarget = new LinkedHashMap<>();
  private final Map<String, TargetState> statesByName = new LinkedHashMap<>();
  private final Map<String, String> targetAnchors = new HashMap<>();
  private final Map<String, Integer> targetOrder = new HashMap<>();
  private final List<Finding> tableOrder = new ArrayList<>();
  private final List<Finding> manualOrder = new ArrayList<>();
  // Findings past the written rows: their links stay text, their rows are script data.
  private final Set<Finding> written = java.util.Collections.newSetFromMap(
      new IdentityHashMap<>());

  ReportModelBuilder(ScanResult scan, List<FrameworkView> views, boolean keepEveryAnchor) {
    this.scan = scan;
    this.views = views;
    this.keepEveryAnchor = keepEveryAnchor;
    this.shared = new ReportRows(scan, anchors);
    this.run = shared.run();
  }

  ReportModel build(dev.secaudit.model.GateVerdict gate, String csp) {
    assignAnchors();
    FindingTable table = findingTable();
    List<FindingRow> manual = new ArrayList<>();
    for (Finding f : manualOrder) {
      if (written.contains(f)) {
        manual.add(findingRow(f));
      }
    }
    List<ClaimRow> claims = shared.claimRows(claimFindings(), this::findingLink);
    List<FrameworkSection> frameworks = new ArrayList<>();
    for (FrameworkView v : views) {
      List<ReportRows.Requirement> rows = new ArrayList<>();
      for (RequirementStatus r : v.rows()) {
        rows.add(new ReportRows.Requirement(r.requirement(), r.coverage(), r.status(),
            firstLinked(r.findings()), r.findings().size(), r.claims(), r.mapped().size(),
            r.notRun(), r.partlyRun(), r.basis(), r.asides()));
      }
      frameworks.add(shared.section(v.framework(), rows, this::findingLink));
    }
    List<Finding> problems = new ArrayList<>();
    for (Finding f : scan.findings()) {
      if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
        problems.add(f);
      }
    }
    // New problems first within a severity and status, as HtmlPage reads them.
    problems.sort(FIX_ORDER.thenComparing(f -> !VerdictScreen.fresh(f))
        .thenComparingInt(this::targetIndex)
        .thenComparing(f -> text(f.checkId())).thenComparing(f -> text(f.subject())));
    VerdictScreen.Screen verdict = VerdictScreen.of(scan, gate, problems, this::findingLink);
    Map<String, String> populationAnchors = new HashMap<>();
    statesByName.keySet().forEach(n -> populationAnchors.put(n, targetAnchors.get(n)));
    ReportCharts.Charts charts =
        ReportCharts.of(findingsByTarget, populationAnchors, frameworks);
    return new ReportModel(csp, shared.header(), verdict, Summary.of(scan, run),
        shared.population(targetAnchors, n -> findingsByTarget.get(n).size()), frameworks, table,
        manual, manualOrder.size(), claims, charts, shared.artifactRows(),
        GatingSections.waivers(scan, this::findingLink), GatingSections.baseline(scan),
        scan.processing());
  }

  private int targetIndex(Finding f) {
    return targetOrder.getOrDefault(text(f.target()), Integer.MAX_VALUE);
  }

  /** Anchors first, in one fixed order, because rows link to each other in both directions. */
  private void assignAnchors() {
    for (TargetState t : scan.targets()) {
      statesByName.putIfAbsent(text(t.name()), t);
      findingsByTarget.putIfAbsent(text(t.name()), new ArrayList<>());
    }
    // Findings on names outside the population still get a section: hiding them would make
    // the report incomplete. They follow the population, by name.
    Set<String> extra = new TreeSet<>();
    for (Finding f : scan.findings()) {
      if (!findingsByTarget.containsKey(text(f.target()))) {
        extra.add(text(f.target()));
      }
    }
    for (String name : extra) {
      findingsByTarget.put(name, new ArrayList<>());
    }
    for (Finding f : scan.findings()) {
      findingsByTarget.get(text(f.target())).add(f);
    }
    for (String name : findingsByTarget.keySet()) {
      targetAnchors.put(name, anchors.make("t-", displayTarget(name)));
      targetOrder.put(name, targetOrder.size());
    }
    for (Finding f : scan.findings()) {
      (f.status() == Status.MANUAL ? manualOrder : tableOrder).add(f);
    }
    Comparator<Finding> order = BY_SEVERITY.thenComparingInt(this::targetIndex)
        .thenComparing(Finding::status).thenComparing(f -> text(f.checkId()))
        .thenComparing(f -> text(f.subject()))
        .thenComparing(f -> text(f.observed()));
    tableOrder.sort(order);
    manualOrder.sort(order);
    // Only the findings whose anchor can clash with another's are given theirs here, in the
    // order that numbers the clashes; every other anchor is its base, made where it is written.
    if (keepEveryAnchor) {
      related = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
      related.addAll(scan.findings());
    } else {
      related = FindingAnchors.related(findingsByTarget, anchors);
    }
    for (List<Finding> rows : List.of(tableOrder, manualOrder)) {
      for (int i = 0; i < rows.size(); i++) {
        Finding f = rows.get(i);
        String anchor = null;
        if (related.contains(f)) {
          anchor = anchors.make("f-", text(f.target()), text(f.checkId()), f.subject());
          shared.keepRowAnchor(f, anchor);
        }
        if (i < STATIC_ROWS) {
          anchor = anchor != null ? anchor : baseAnchor(f);
          written.add(f);
          findingAnchors.putIfAbsent(f, anchor);
          findingPositions.putIfAbsent(f, findingPositions.size());
          writtenByPlace.computeIfAbsent(place(f), k -> new ArrayList<>()).add(f);
        }
      }
    }
    shared.anchorTheRest(views.stream().map(FrameworkView::framework).toList());
  }

  /**
   * The findings a requirement row links, at most {@link #MAX_LINKS}: the most urgent status
   * first (a FAIL requirement shows why it fails), then in report order so the row does not
   * depend on how the caller collected them: the written ones by their row's place, then the
   * others in the caller's order. Each finding's
   * place is looked up once: a fleet's requirement holds hundreds of thousands, and a sort asked
   * for it at every comparison.
   */
  private List<Finding> firstLinked(List<Finding> all) {
    // {status, place, index}: the most urgent first (ReportRows.LINK_ORDER), then by place.
    List<long[]> ranked = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      ranked.add(new long[] {all.get(i).status().ordinal(), position(all.get(i)), i});
    }
    ranked.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1])
        .thenComparingLong(p -> p[2]));
    List<Finding> linked = new ArrayList<>();
    for (int i = 0; i < ranked.size() && linked.size() < MAX_LINKS; i++) {
      linked.add(all.get((int) ranked.get(i)[2]));
    }
    return linked;
  }

  /** Where an equal finding's row is among the written rows; after them all when none is. */
  private int position(Finding f) {
    for (Finding w : writtenByPlace.getOrDefault(place(f), List.of())) {
      if (w == f || w.equals(f)) {
        return findingPositions.get(w);
      }
    }
    return Integer.MAX_VALUE;
  }

  /** Objects.hash of the three, without its array: asked for every finding of a requirement. */
  static int place(Finding f) {
    return (31 * (31 * (31 + Objects.hashCode(f.checkId())) + Objects.hashCode(f.target())))
        + Objects.hashCode(f.subject());
  }

  private Link findingLink(Finding f) {
    return ReportRows.findingLink(f, findingAnchors.get(f));
  }

  private FindingTable findingTable() {
    List<FindingRow> rows = new ArrayList<>();
    Set<String> statuses = new LinkedHashSet<>();
    Set<String> severities = new LinkedHashSet<>();
    Set<String> checks = new TreeSet<>();
    Set<String> targets = new LinkedHashSet<>();
    Set<String> frameworkIds = new TreeSet<>();
    List<Finding> more = new ArrayList<>();
    // Of the rows past the written ones, only the anchors that are not their base are kept.
    Map<Integer, String> moreAnchors = new HashMap<>();
    boolean anchorsApart = true;
    for (Finding f : tableOrder) {
      if (written.contains(f)) {
        rows.add(findingRow(f, findingAnchor(f)));
      } else {
        if (related.contains(f)) {
          moreAnchors.put(more.size(), findingAnchor(f));
        }
        more.add(f);
        anchorsApart = anchorsApart && !keepEveryAnchor && !FindingData.mayReadAsAnchor(f);
      }
      checks.add(text(f.checkId()));
      for (Mapping m : f.mappings()) {
        frameworkIds.add(m.framework());
      }
    }
    Set<Status> shownStatuses = EnumSet.noneOf(Status.class);
    Set<Severity> shownSeverities = EnumSet.noneOf(Severity.class);
    for (Finding f : tableOrder) {
      if (f.status() != null) {
        shownStatuses.add(f.status());
      }
      if (f.severity() != null) {
        shownSeverities.add(f.severity());
      }
    }
    for (Status s : Status.values()) {
      if (s != Status.MANUAL && shownStatuses.contains(s)) {
        statuses.add(s.name());
      }
    }
    for (Severity s : SEVERITY_COLUMNS) {
      if (shownSeverities.contains(s)) {
        severities.add(s.name());
      }
    }
    for (Map.Entry<String, List<Finding>> e : findingsByTarget.entrySet()) {
      if (e.getValue().stream().anyMatch(f -> f.status() != Status.MANUAL)) {
        targets.add(displayTarget(e.getKey()));
      }
    }
    List<String[]> frameworks = ReportRows.frameworkFilter(frameworkIds,
        views.stream().map(FrameworkView::framework).toList());
    return new FindingTable(rows, tableOrder.size(), new FindingData(more.size(),
        i -> findingRow(more.get(i), moreAnchors.isEmpty() || !moreAnchors.containsKey(i)
            ? baseAnchor(more.get(i)) : moreAnchors.get(i)),
        anchorsApart),
        List.copyOf(statuses), List.copyOf(severities), List.copyOf(targets),
        List.copyOf(checks), frameworks);
  }

  private FindingRow findingRow(Finding f) {
    return findingRow(f, findingAnchor(f));
  }

  /** A finding row's own anchor, given once ({@link #rowAnchor}), or its base when it can clash
   * with no other ({@link FindingAnchors}). */
  private String findingAnchor(Finding f) {
    return related.contains(f)
        ? rowAnchor(f, "f-", text(f.target()), text(f.checkId()), f.subject()) : baseAnchor(f);
  }

  private String baseAnchor(Finding f) {
    return shared.baseAnchor(f);
  }

  /** The row of {@code f} under its own anchor; for a row past the written ones, no side effect. */
  private FindingRow findingRow(Finding f, String rowAnchor) {
    return shared.findingRow(f, rowAnchor, written.contains(f));
  }

  /** The claim checks judge each claim as a finding whose subject is the claim's id. */
  private Map<String, List<Finding>> claimFindings() {
    Map<String, List<Finding>> claimFindings = new HashMap<>();
    for (List<Finding> ordered : List.of(tableOrder, manualOrder)) {
      for (Finding f : ordered) {
        if (text(f.checkId()).startsWith(CLAIM_CHECKS)) {
          claimFindings.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f);
        }
      }
    }
    return claimFindings;
  }

  private String rowAnchor(Object row, String prefix, String... parts) {
    return shared.rowAnchor(row, prefix, parts);
  }

  private static String displayTarget(String name) {
    return ReportRows.displayTarget(name);
  }
}
