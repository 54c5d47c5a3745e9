package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.BY_SEVERITY;
import static dev.secaudit.report.ReportModel.CLAIM_CHECKS;
import static dev.secaudit.report.ReportModel.FIX_ORDER_BY_SEVERITY;
import static dev.secaudit.report.ReportModel.MAX_LINKS;
import static dev.secaudit.report.ReportModel.POLICY_WIDE;
import static dev.secaudit.report.ReportModel.SEVERITY_COLUMNS;
import static dev.secaudit.report.ReportModel.STATIC_ROWS;
import static dev.secaudit.report.ReportModel.commandLine;
import static dev.secaudit.report.ReportModel.cssClass;
import static dev.secaudit.report.ReportModel.isWebUrl;
import static dev.secaudit.report.ReportModel.text;
import static dev.secaudit.report.ReportModel.utc;
import static dev.secaudit.report.ReportModel.waiverText;

import dev.secaudit.compliance.Coverage;
import dev.secaudit.compliance.Framework;
import dev.secaudit.compliance.RequirementStatus;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import dev.secaudit.report.ReportModel.ArtifactRow;
import dev.secaudit.report.ReportModel.ClaimJudgement;
import dev.secaudit.report.ReportModel.ClaimRow;
import dev.secaudit.report.ReportModel.Count;
import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.FindingTable;
import dev.secaudit.report.ReportModel.FrameworkSection;
import dev.secaudit.report.ReportModel.Header;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.report.ReportModel.RequirementRow;
import dev.secaudit.report.ReportModel.Summary;
import dev.secaudit.report.ReportModel.TargetRow;
/**
 * Builds a {@link ReportModel}: every anchor first, in one fixed order, because rows link to each
 * other in both directions; then the rows, sections and the findings table.
 */
final class ReportModelBuilder {
  private final ScanResult scan;
  private final List<FrameworkView> views;
  private final RunInfo run;
  private final Anchors anchors = new Anchors();
  private final Map<String, Artifact> artifactsById = new LinkedHashMap<>();
  private final Map<String, String> artifactAnchors = new HashMap<>();
  private final Map<String, String> claimAnchors = new HashMap<>();
  // Links go to the first of equal findings (views may hold equal copies); rows keep their own.
  private final Map<Finding, String> findingAnchors = new HashMap<>();
  private final Map<Finding, Integer> findingPositions = new HashMap<>();
  // The written findings by what they judged, so that a requirement's hundreds of thousands of
  // findings are placed by comparing strings whose hashes are kept, not by hashing each finding.
  private final Map<Integer, List<Finding>> writtenByPlace = new HashMap<>();
  private final Map<Object, String> rowAnchors = new IdentityHashMap<>();
  private Set<Finding> related = Set.of();
  private final boolean keepEveryAnchor;
  private final Map<String, String> requirementAnchors = new HashMap<>();
  private final Map<String, List<Link>> citedBy = new HashMap<>();
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
    this.run = scan.run() != null ? scan.run()
        : new RunInfo("", "", "", null, null, "", "", "", List.of(), "", List.of());
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
    List<ClaimRow> claims = claimRows();
    List<FrameworkSection> frameworks = frameworkSections();
    List<Finding> problems = new ArrayList<>();
    for (Finding f : scan.findings()) {
      if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
        problems.add(f);
      }
    }
    problems.sort(FIX_ORDER_BY_SEVERITY.thenComparingInt(this::targetIndex)
        .thenComparing(f -> text(f.checkId())).thenComparing(f -> text(f.subject())));
    VerdictScreen.Screen verdict = VerdictScreen.of(scan, gate, problems, this::findingLink);
    Map<String, String> populationAnchors = new HashMap<>();
    statesByName.keySet().forEach(n -> populationAnchors.put(n, targetAnchors.get(n)));
    ReportCharts.Charts charts =
        ReportCharts.of(findingsByTarget, populationAnchors, frameworks);
    return new ReportModel(csp, header(), verdict, Summary.of(scan, run), population(), frameworks, table,
        manual, manualOrder.size(), claims, charts, artifactRows(), GatingSections.waivers(scan, this::findingLink),
        GatingSections.baseline(scan), scan.processing());
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
          rowAnchors.put(f, anchor);
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
    for (FrameworkView v : views) {
      for (RequirementStatus r : v.rows()) {
        String key = text(v.framework().id()) + ":" + text(r.requirement().id());
        String anchor =
            anchors.make("r-", text(v.framework().id()), text(r.requirement().id()));
        requirementAnchors.putIfAbsent(key, anchor);
      }
    }
    for (ClaimRecord c : scan.claims()) {
      String anchor = anchors.make("c-", text(c.id()));
      rowAnchors.put(c, anchor);
      claimAnchors.putIfAbsent(text(c.id()), anchor);
    }
    for (Artifact a : scan.artifacts()) {
      String anchor = anchors.make("e-", text(a.id()));
      rowAnchors.put(a, anchor);
      artifactsById.putIfAbsent(text(a.id()), a);
      artifactAnchors.putIfAbsent(text(a.id()), anchor);
    }
  }

  private Header header() {
    return new Header(
        text(run.policyName()),
        text(run.id()),
        text(scan.schema()),
        text(run.tool()),
        text(run.toolVersion()),
        utc(run.started()),
        utc(run.finished()),
        text(run.policyFile()),
        text(run.policySha256()),
        commandLine(run.commandLine()),
        text(run.failOn()),
        String.join(", ", run.frameworks()));
  }

  private List<TargetRow> population() {
    List<TargetRow> rows = new ArrayList<>();
    for (TargetState t : scan.targets()) {
      String name = text(t.name());
      rows.add(new TargetRow(name, text(t.url()), stateLabel(t), cssClass("ts-", t.state()),
          text(t.reason()), targetAnchors.get(name), findingsByTarget.get(name).size()));
    }
    return rows;
  }

  private List<FrameworkSection> frameworkSections() {
    List<FrameworkSection> sections = new ArrayList<>();
    for (FrameworkView v : views) {
      Framework fw = v.framework();
      Map<Coverage, Integer> coverage = new EnumMap<>(Coverage.class);
      for (Coverage c : Coverage.values()) {
        coverage.put(c, 0);
      }
      List<RequirementRow> rows = new ArrayList<>();
      for (RequirementStatus r : v.rows()) {
        if (r.coverage() != null) {
          coverage.merge(r.coverage(), 1, Integer::sum);
        }
        rows.add(requirementRow(fw, r));
      }
      List<Count> coverageCounts = new ArrayList<>();
      coverage.forEach((c, n) -> coverageCounts.add(new Count(c.name(), cssClass("cv-", c), n)));
      sections.add(new FrameworkSection(anchors.make("fw-", text(fw.id())), text(fw.id()),
          text(fw.name()), text(fw.version()), text(fw.note()), coverageCounts, rows));
    }
    return sections;
  }

  private RequirementRow requirementRow(Framework fw, RequirementStatus r) {
    Framework.Requirement req = r.requirement();
    String key = text(fw.id()) + ":" + text(req.id());
    List<Link> findings = new ArrayList<>();
    for (Finding f : firstLinked(r.findings())) {
      findings.add(findingLink(f));
    }
    if (r.findings().size() > MAX_LINKS) {
      findings.add(Link.text("and " + (r.findings().size() - MAX_LINKS) + " more findings (filter"
          + " the findings table by " + text(fw.id()) + ")"));
    }
    List<ClaimRecord> orderedClaims = new ArrayList<>(r.claims());
    orderedClaims.sort(Comparator.comparingInt(c -> claimPosition(c)));
    List<Link> claims = new ArrayList<>();
    for (ClaimRecord c : orderedClaims) {
      String anchor = claimAnchors.get(text(c.id()));
      claims.add(anchor == null ? Link.text("claim " + text(c.id()))
          : Link.internal(anchor, "claim " + text(c.id())));
    }
    return new RequirementRow(requirementAnchors.get(key), text(req.id()), text(req.title()),
        text(req.area()), r.coverage() == null ? "" : r.coverage().name(),
        cssClass("cv-", r.coverage()), r.status() == null ? "" : r.status().name(),
        cssClass("st-", r.status()), r.coverage() == Coverage.MANUAL, findings, claims);
  }

  /**
   * The findings a requirement row links, at most {@link #MAX_LINKS}, in report order so the row
   * does not depend on how the caller collected them: the written ones by their row's place, then
   * the others in the caller's order (as a stable sort by place would list them). Each finding's
   * place is looked up once: a fleet's requirement holds hundreds of thousands, and a sort asked
   * for it at every comparison.
   */
  private List<Finding> firstLinked(List<Finding> all) {
    List<long[]> placed = new ArrayList<>();
    List<Finding> unplaced = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      int at = position(all.get(i));
      if (at != Integer.MAX_VALUE) {
        placed.add(new long[] {at, i});
      } else if (unplaced.size() < MAX_LINKS) {
        unplaced.add(all.get(i));
      }
    }
    placed.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
    List<Finding> linked = new ArrayList<>();
    for (int i = 0; i < placed.size() && linked.size() < MAX_LINKS; i++) {
      linked.add(all.get((int) placed.get(i)[1]));
    }
    for (int i = 0; i < unplaced.size() && linked.size() < MAX_LINKS; i++) {
      linked.add(unplaced.get(i));
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
  private static int place(Finding f) {
    return (31 * (31 * (31 + Objects.hashCode(f.checkId())) + Objects.hashCode(f.target())))
        + Objects.hashCode(f.subject());
  }

  private int claimPosition(ClaimRecord c) {
    int i = scan.claims().indexOf(c);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  private Link findingLink(Finding f) {
    String label = (f.status() == null ? "" : f.status().name() + " ") + findingLabel(f);
    String anchor = findingAnchors.get(f);
    return anchor == null ? Link.text(label) : Link.internal(anchor, label);
  }

  private static String findingLabel(Finding f) {
    StringBuilder b = new StringBuilder();
    if (!text(f.target()).isEmpty()) {
      b.append(f.target()).append(" · ");
    }
    b.append(text(f.checkId()));
    if (!f.subject().isEmpty()) {
      b.append(" · ").append(f.subject());
    }
    return b.toString();
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
    Map<String, String> names = new HashMap<>();
    for (FrameworkView v : views) {
      names.put(text(v.framework().id()), text(v.framework().name()));
    }
    List<String[]> frameworks = new ArrayList<>();
    for (String id : frameworkIds) {
      frameworks.add(new String[] {id, names.getOrDefault(id, id)});
    }
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
    return anchors.base("f-", text(f.target()), text(f.checkId()), f.subject());
  }

  /** The row of {@code f} under its own anchor; for a row past the written ones, no side effect. */
  private FindingRow findingRow(Finding f, String rowAnchor) {
    if (written.contains(f)) {
      Link self = Link.internal(rowAnchor, findingLabel(f));
      for (String id : f.evidence()) {
        citedBy.computeIfAbsent(text(id), k -> new ArrayList<>()).add(self);
      }
    }
    String location = f.policyLine() > 0 ? "line " + f.policyLine() : "";
    if (!f.policyPointer().isEmpty()) {
      location = location.isEmpty()
          ? f.policyPointer() : location + " (" + f.policyPointer() + ")";
    }
    // The links and texts made from a finding's lists and time are made once for each
    // distinct one: a fleet's rows share them by the thousand.
    return new FindingRow(rowAnchor, f.status().name(), cssClass("st-", f.status()),
        f.severity() == null ? "" : f.severity().name(), displayTarget(text(f.target())),
        frameworkNames.of(f.mappings(), ReportModelBuilder::frameworkNames), text(f.checkId()),
        text(f.headline()), f.subject(), f.expected(), f.observed(),
        evidenceLinks.of(f.evidence(), this::evidenceLinks),
        requirementLinks.of(f.mappings(), this::requirementLinks), f.remediation(),
        times.of(f.time(), ReportModel::utc), location, waiverText(f.waiver()),
        GatingSections.state(f), f.location() == null ? "" : f.location().at());
  }

  private final KeptValues<List<String>, List<Link>> evidenceLinks =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<List<Mapping>, List<Link>> requirementLinks =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<List<Mapping>, String> frameworkNames =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<Instant, String> times = new KeptValues<>(new HashMap<>());

  private List<Link> evidenceLinks(List<String> ids) {
    List<Link> evidence = new ArrayList<>();
    for (String id : ids) {
      evidence.add(artifactLink(id));
    }
    return List.copyOf(evidence);
  }

  private List<Link> requirementLinks(List<Mapping> mappings) {
    List<Link> requirements = new ArrayList<>();
    for (Mapping m : new LinkedHashSet<>(mappings)) {
      String anchorOfRow = requirementAnchors.get(m.framework() + ":" + m.requirement());
      requirements.add(anchorOfRow == null ? Link.text(m.toString())
          : Link.internal(anchorOfRow, m.toString()));
    }
    return List.copyOf(requirements);
  }

  private static String frameworkNames(List<Mapping> mappings) {
    Set<String> frameworks = new LinkedHashSet<>();
    for (Mapping m : mappings) {
      frameworks.add(m.framework());
    }
    return String.join(" ", frameworks);
  }

  private Link artifactLink(String id) {
    String anchor = artifactAnchors.get(text(id));
    return anchor == null ? Link.text(text(id) + " (not recorded)") : Link.internal(anchor, id);
  }

  private List<ClaimRow> claimRows() {
    // The claim checks judge each claim as a finding whose subject is the claim's id.
    Map<String, List<Finding>> claimFindings = new HashMap<>();
    for (List<Finding> ordered : List.of(tableOrder, manualOrder)) {
      for (Finding f : ordered) {
        if (text(f.checkId()).startsWith(CLAIM_CHECKS)) {
          claimFindings.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(f);
        }
      }
    }
    List<ClaimRow> rows = new ArrayList<>();
    for (ClaimRecord c : scan.claims()) {
      String id = text(c.id());
      String anchor = rowAnchor(c, "c-", id);
      Link self = Link.internal(anchor, "claim " + id);
      List<Link> evidence = new ArrayList<>();
      for (String ref : c.evidence()) {
        if (artifactsById.containsKey(text(ref))) {
          evidence.add(artifactLink(ref));
          citedBy.computeIfAbsent(text(ref), k -> new ArrayList<>()).add(self);
        } else if (isWebUrl(ref)) {
          evidence.add(new Link(ref, ref, true));
        } else {
          evidence.add(Link.text(text(ref)));
        }
      }
      List<String> mappings = new ArrayList<>();
      for (Mapping m : c.mappings()) {
        mappings.add(m.toString());
      }
      List<ClaimJudgement> judged = new ArrayList<>();
      for (Finding f : claimFindings.getOrDefault(id, List.of())) {
        judged.add(new ClaimJudgement(f.status().name(), cssClass("st-", f.status()),
            text(f.headline()), f.observed(), findingLink(f)));
      }
      rows.add(new ClaimRow(anchor, id, text(c.statement()), text(c.category()),
          text(c.owner()), text(c.date()), String.join(", ", c.checks()),
          String.join(", ", mappings), evidence, judged));
    }
    return rows;
  }

  private List<ArtifactRow> artifactRows() {
    List<ArtifactRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Artifact a : scan.artifacts()) {
      String id = text(a.id());
      boolean first = seen.add(id);
      String anchor = rowAnchor(a, "e-", id);
      List<Link> cited = first ? citedBy.getOrDefault(id, List.of()) : List.of();
      rows.add(new ArtifactRow(anchor, id, text(a.target()), text(a.kind().label()), utc(a.time()),
          text(a.summary()), text(a.sha256()), text(a.content()), List.copyOf(cited)));
    }
    return rows;
  }

  /**
   * The row's own id, given out once: the same object listed twice gets a second id rather than
   * a clash. Taken out of the map as it is given, so no set of every rendered id is kept.
   */
  private String rowAnchor(Object row, String prefix, String... parts) {
    String anchor = rowAnchors.remove(row);
    return anchor != null ? anchor : anchors.make(prefix, parts);
  }

  private static String stateLabel(TargetState t) {
    return t.state() == null ? "" : t.state().name();
  }

  private static String displayTarget(String name) {
    return name.isEmpty() ? POLICY_WIDE : name;
  }
}
