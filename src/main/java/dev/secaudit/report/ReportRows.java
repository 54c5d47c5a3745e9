package dev.secaudit.report;

import static dev.secaudit.report.ReportModel.MAX_LINKS;
import static dev.secaudit.report.ReportModel.POLICY_WIDE;
import static dev.secaudit.report.ReportModel.commandLine;
import static dev.secaudit.report.ReportModel.cssClass;
import static dev.secaudit.report.ReportModel.isWebUrl;
import static dev.secaudit.report.ReportModel.text;
import static dev.secaudit.report.ReportModel.utc;
import static dev.secaudit.report.ReportModel.waiverText;

import dev.secaudit.compliance.Coverage;
import dev.secaudit.compliance.Framework;
import dev.secaudit.model.Artifact;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import dev.secaudit.report.ReportModel.ArtifactRow;
import dev.secaudit.report.ReportModel.ClaimJudgement;
import dev.secaudit.report.ReportModel.ClaimRow;
import dev.secaudit.report.ReportModel.Count;
import dev.secaudit.report.ReportModel.FindingRow;
import dev.secaudit.report.ReportModel.FrameworkSection;
import dev.secaudit.report.ReportModel.Header;
import dev.secaudit.report.ReportModel.Link;
import dev.secaudit.report.ReportModel.RequirementRow;
import dev.secaudit.report.ReportModel.TargetRow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The rows of the HTML report that do not depend on how the findings are held: a finding's row
 * and its links, the requirements', claims' and artifacts' rows with their anchors, the header
 * and the population. Shared by the model built from a whole scan ({@link ReportModelBuilder})
 * and the one built from a scan read target by target ({@link HtmlGroups}).
 */
final class ReportRows {
  final Anchors anchors;
  private final ScanResult scan;
  private final RunInfo run;
  private final Map<String, String> artifactAnchors = new HashMap<>();
  // The anchor of the first artifact of an id, or null when none was recorded.
  private Function<String, String> artifactAnchor = artifactAnchors::get;
  private java.util.function.Predicate<String> recorded = artifactAnchors::containsKey;
  private final Map<String, String> claimAnchors = new HashMap<>();
  private final Map<Object, String> rowAnchors = new IdentityHashMap<>();
  private final Map<String, String> requirementAnchors = new HashMap<>();
  private final Map<String, List<Link>> citedBy = new HashMap<>();
  private final KeptValues<List<String>, List<Link>> evidenceLinks =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<List<String>, List<Link>> evidenceTexts =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<List<Mapping>, List<Link>> requirementLinks =
      new KeptValues<>(new IdentityHashMap<>());
  private final KeptValues<List<Mapping>, String> frameworkNames =
      new KeptValues<>(new IdentityHashMap<>());
  // When a row's finding was observed, or judged when it cites no recorded observation.
  private final KeptValues<Instant, String> observedTimes = new KeptValues<>(new HashMap<>());
  private final KeptValues<Instant, String> judgedTimes = new KeptValues<>(new HashMap<>());

  /** {@code scan}: its run, claims and artifacts (its findings are not read here). */
  ReportRows(ScanResult scan, Anchors anchors) {
    this.scan = scan;
    this.anchors = anchors;
    this.run = scan.run() != null ? scan.run()
        : new RunInfo("", "", "", null, null, "", "", "", List.of(), "", List.of());
  }

  RunInfo run() {
    return run;
  }

  /**
   * The artifacts are not the scan's list but {@code store}'s, which gives their anchors: a
   * scan read target by target ({@link HtmlPage}).
   */
  void artifactsFrom(EvidenceStore store) {
    artifactAnchor = store::firstAnchor;
    recorded = store::recorded;
  }

  /** The written rows and claims citing the artifact {@code id}, in the order they were made. */
  List<Link> citedBy(String id) {
    return citedBy.getOrDefault(id, List.of());
  }

  /** The anchors of a row, given once ({@link #rowAnchor}). */
  void keepRowAnchor(Object row, String anchor) {
    rowAnchors.put(row, anchor);
  }

  /** The requirements', claims' and artifacts' anchors: after the findings', in this order. */
  void anchorTheRest(List<Framework> frameworks) {
    for (Framework fw : frameworks) {
      for (Framework.Requirement r : fw.requirements()) {
        String key = text(fw.id()) + ":" + text(r.id());
        String anchor = anchors.make("r-", text(fw.id()), text(r.id()));
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
      artifactAnchors.putIfAbsent(text(a.id()), anchor);
    }
  }

  Header header() {
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

  /** {@code findings}: each target's count of findings, by name. */
  ReportModel.TargetRows population(Map<String, String> targetAnchors,
      ToIntFunction<String> findings) {
    List<TargetRow> rows = new ArrayList<>();
    for (TargetState t : scan.targets()) {
      String name = text(t.name());
      rows.add(targetRow(t, targetAnchors.get(name), findings.applyAsInt(name)));
    }
    return ReportModel.TargetRows.of(rows);
  }

  /** A target's row of the population table. */
  static TargetRow targetRow(TargetState t, String anchor, int findings) {
    return new TargetRow(text(t.name()), text(t.url()), t.state() == null ? "" : t.state().name(),
        cssClass("ts-", t.state()), text(t.reason()), anchor, findings);
  }

  /**
   * One framework's section; {@code linked}: each requirement's first linked findings and how
   * many it has in all, its coverage and status.
   */
  FrameworkSection section(Framework fw, List<Requirement> requirements,
      Function<Finding, Link> link) {
    Map<Coverage, Integer> coverage = new EnumMap<>(Coverage.class);
    for (Coverage c : Coverage.values()) {
      coverage.put(c, 0);
    }
    List<RequirementRow> rows = new ArrayList<>();
    for (Requirement r : requirements) {
      if (r.coverage() != null) {
        coverage.merge(r.coverage(), 1, Integer::sum);
      }
      rows.add(requirementRow(fw, r, link));
    }
    List<Count> coverageCounts = new ArrayList<>();
    coverage.forEach((c, n) -> coverageCounts.add(new Count(c.name(), cssClass("cv-", c), n)));
    return new FrameworkSection(anchors.make("fw-", text(fw.id())), text(fw.id()),
        text(fw.name()), text(fw.version()), text(fw.note()), coverageCounts, rows);
  }

  /**
   * The order of a requirement's linked findings, the one rule both report builders keep: the
   * most urgent status first (as everywhere else), so a FAIL row shows its failures before its
   * passes; ties keep the order they were given in.
   */
  static final java.util.Comparator<Finding> LINK_ORDER =
      java.util.Comparator.comparing(Finding::status);

  /** A requirement's row as the page shows it: at most MAX_LINKS of its findings, in order. */
  /**
   * @param mapped how many checks the catalogue maps to the requirement
   * @param notRun those of them that did not run here, by id
   */
  record Requirement(Framework.Requirement requirement, Coverage coverage, Status status,
      List<Finding> linked, int findings, List<ClaimRecord> claims, int mapped,
      List<String> notRun, List<String> partlyRun, String basis, String asides) {}

  private RequirementRow requirementRow(Framework fw, Requirement r,
      Function<Finding, Link> link) {
    Framework.Requirement req = r.requirement();
    String key = text(fw.id()) + ":" + text(req.id());
    List<Link> findings = new ArrayList<>();
    for (Finding f : r.linked()) {
      findings.add(link.apply(f));
    }
    if (r.findings() > MAX_LINKS) {
      String wanted = key.replace(' ', '_');
      findings.add(new Link("?requirement=" + java.net.URLEncoder.encode(wanted,
          java.nio.charset.StandardCharsets.UTF_8) + "#findings", "and " + (r.findings()
          - MAX_LINKS) + " more findings of " + key + " (the findings table filtered to it)",
          false));
    }
    List<ClaimRecord> orderedClaims = new ArrayList<>(r.claims());
    orderedClaims.sort(Comparator.comparingInt(this::claimPosition));
    List<Link> claims = new ArrayList<>();
    for (ClaimRecord c : orderedClaims) {
      String anchor = claimAnchors.get(text(c.id()));
      claims.add(anchor == null ? Link.text("claim " + text(c.id()))
          : Link.internal(anchor, "claim " + text(c.id())));
    }
    return new RequirementRow(requirementAnchors.get(key), text(req.id()), text(req.title()),
        text(req.area()), r.coverage() == null ? "" : r.coverage().name(),
        cssClass("cv-", r.coverage()), r.status() == null ? "" : r.status().name(),
        cssClass("st-", r.status()), r.coverage() == Coverage.MANUAL, findings, claims,
        notRun(r), text(r.basis()), r.asides().isEmpty() ? ""
            : "Beside it, not in its status: " + text(r.asides()));
  }

  /**
   * What the row says of the mapped checks that did not run, or "" when every one ran: the
   * status is the worst over the checks that did, never a verdict over the rest.
   */
  private static String notRun(Requirement r) {
    // A check skipped on one target and judged on another ran, but says nothing of the first.
    String partly = r.partlyRun().isEmpty() ? ""
        : "Not tested on every target: " + text(String.join(", ", r.partlyRun()));
    if (r.notRun().isEmpty()) {
      return partly;
    }
    int ran = r.mapped() - r.notRun().size();
    return (ran == 0 ? "None of the " + r.mapped() + " checks mapped to it ran"
        : "Only " + ran + " of the " + r.mapped() + " checks mapped to it ran")
        + " in this scan; not run: " + text(String.join(", ", r.notRun()))
        + (partly.isEmpty() ? "" : ". " + partly);
  }

  private int claimPosition(ClaimRecord c) {
    int i = scan.claims().indexOf(c);
    return i < 0 ? Integer.MAX_VALUE : i;
  }

  /** A link to a finding's row under {@code anchor}, or its label alone when it has none. */
  static Link findingLink(Finding f, String anchor) {
    String label = (f.status() == null ? "" : f.status().name() + " ") + findingLabel(f);
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

  String baseAnchor(Finding f) {
    return anchors.base("f-", text(f.target()), text(f.checkId()), f.subject());
  }

  /**
   * The row of {@code f} under its own anchor; a {@code written} row's evidence lists it as
   * citing them, a row past the written ones has no side effect.
   */
  FindingRow findingRow(Finding f, String rowAnchor, boolean written) {
    if (written) {
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
        frameworkNames.of(f.mappings(), ReportRows::frameworkNames), text(f.checkId()),
        text(f.headline()), f.subject(), f.expected(), f.observed(),
        written ? evidenceLinks.of(f.evidence(), this::evidenceLinks)
            : evidenceTexts.of(f.evidence(), this::evidenceTexts),
        requirementLinks.of(f.mappings(), this::requirementLinks), f.remediation(),
        when(f), location, waiverText(f.waiver()),
        GatingSections.state(f), f.location() == null ? "" : f.location().at());
  }

  /**
   * When an artifact's observation was made, how long it took, and, for an answer reused from
   * an earlier request, which: "2026-…Z, 12 ms (the answer of app/page-1, not sent again)".
   */
  static String observedText(dev.secaudit.model.Artifact a) {
    StringBuilder sb = new StringBuilder(utc(a.time()));
    if (a.durationMs() != null) {
      sb.append(", ").append(a.durationMs()).append(" ms");
    }
    if (a.reusedFrom() != null) {
      sb.append(" (the answer recorded as ").append(a.reusedFrom()).append(", not sent again)");
    }
    return sb.toString();
  }

  /**
   * "Observed 2026-…Z": a finding is dated by the observation it cites; one citing none (an
   * attestation, a check not run) by when it was judged, and says so.
   */
  private String when(Finding f) {
    boolean observed = f.evidence().stream().anyMatch(id -> recorded.test(text(id)));
    return observed ? observedTimes.of(f.time(), t -> "Observed " + ReportModel.utc(t))
        : judgedTimes.of(f.time(), t -> "Judged " + ReportModel.utc(t));
  }

  private List<Link> evidenceLinks(List<String> ids) {
    List<Link> evidence = new ArrayList<>();
    for (String id : ids) {
      evidence.add(artifactLink(id));
    }
    return List.copyOf(evidence);
  }

  /**
   * The evidence of a row past the written ones, which the page's data shows as text only: no
   * anchor is looked up, only whether the artifact was recorded.
   */
  private List<Link> evidenceTexts(List<String> ids) {
    List<Link> evidence = new ArrayList<>();
    for (String id : ids) {
      evidence.add(Link.text(recorded.test(text(id)) ? id : text(id) + " (not recorded)"));
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

  /**
   * The filter's tokens of a finding: each framework id, then each requirement as
   * {@code framework:requirement}, so a requirement's "and N more" link filters to that
   * requirement exactly (iso27001:8.1 is not iso27001:8.10).
   */
  private static String frameworkNames(List<Mapping> mappings) {
    Set<String> frameworks = new LinkedHashSet<>();
    for (Mapping m : mappings) {
      frameworks.add(m.framework());
    }
    for (Mapping m : mappings) {
      frameworks.add(m.toString().replace(' ', '_'));
    }
    return String.join(" ", frameworks);
  }

  /** [id, name] of each framework id a finding maps to, named from {@code frameworks}. */
  static List<String[]> frameworkFilter(Set<String> ids, List<Framework> frameworks) {
    Map<String, String> names = new HashMap<>();
    for (Framework fw : frameworks) {
      names.put(text(fw.id()), text(fw.name()));
    }
    List<String[]> filter = new ArrayList<>();
    for (String id : ids) {
      filter.add(new String[] {id, names.getOrDefault(id, id)});
    }
    return filter;
  }

  private Link artifactLink(String id) {
    String anchor = artifactAnchor.apply(text(id));
    return anchor == null ? Link.text(text(id) + " (not recorded)") : Link.internal(anchor, id);
  }

  /**
   * The claims' rows; {@code judged}: the claim checks' findings by the claim they judge (their
   * subject), each list in the findings table's order.
   */
  List<ClaimRow> claimRows(Map<String, List<Finding>> judged, Function<Finding, Link> link) {
    List<ClaimRow> rows = new ArrayList<>();
    for (ClaimRecord c : scan.claims()) {
      String id = text(c.id());
      String anchor = rowAnchor(c, "c-", id);
      Link self = Link.internal(anchor, "claim " + id);
      List<Link> evidence = new ArrayList<>();
      for (String ref : c.evidence()) {
        if (artifactAnchor.apply(text(ref)) != null) {
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
      List<ClaimJudgement> judgements = new ArrayList<>();
      for (Finding f : judged.getOrDefault(id, List.of())) {
        judgements.add(new ClaimJudgement(f.status().name(), cssClass("st-", f.status()),
            text(f.headline()), f.observed(), link.apply(f)));
      }
      rows.add(new ClaimRow(anchor, id, text(c.statement()), text(c.category()),
          text(c.owner()), text(c.date()), String.join(", ", c.checks()),
          String.join(", ", mappings), evidence, judgements));
    }
    return rows;
  }

  ReportModel.ArtifactRows artifactRows() {
    List<ArtifactRow> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Artifact a : scan.artifacts()) {
      String id = text(a.id());
      boolean first = seen.add(id);
      String anchor = rowAnchor(a, "e-", id);
      List<Link> cited = first ? citedBy(id) : List.of();
      rows.add(new ArtifactRow(anchor, id, text(a.target()), kind(a), observedText(a),
          text(a.summary()), text(a.sha256()), text(a.content()), List.copyOf(cited)));
    }
    return ReportModel.ArtifactRows.of(rows);
  }

  /** The artifact's kind as the appendix names it; none in a hand-made file, an empty one. */
  static String kind(Artifact a) {
    return a.kind() == null ? "" : text(a.kind().label());
  }

  /**
   * The row's own id, given out once: the same object listed twice gets a second id rather than
   * a clash. Taken out of the map as it is given, so no set of every rendered id is kept.
   */
  String rowAnchor(Object row, String prefix, String... parts) {
    String anchor = rowAnchors.remove(row);
    return anchor != null ? anchor : anchors.make(prefix, parts);
  }

  static String displayTarget(String name) {
    return name.isEmpty() ? POLICY_WIDE : name;
  }
}
