package dev.secaudit.report;

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
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the HTML report shows, already ordered, labelled and cross-linked, so that the templates
 * only lay it out. Built from a {@link ScanResult} and the caller's framework views alone; the same
 * inputs always give an equal model, which keeps the rendered file diffable between runs.
 */
public record ReportModel(
    String contentSecurityPolicy,
    Header header,
    VerdictScreen.Screen verdict,
    Summary summary,
    List<TargetRow> population,
    List<FrameworkSection> frameworks,
    FindingTable findings,
    List<FindingRow> manual,
    int manualTotal,
    List<ClaimRow> claims,
    ReportCharts.Charts charts,
    List<ArtifactRow> artifacts,
    List<GatingSections.WaiverRow> waivers,
    GatingSections.BaselineSection baseline,
    List<dev.secaudit.model.ProcessingRecord> processing) {

  /**
   * Rows written into the page as HTML: enough for any real scan, small enough that a browser
   * opens the file at once. The rest travel as compact data that the page's script pages through;
   * without scripts the page says how many are left out and where they are (findings.csv).
   */
  static final int STATIC_ROWS = 2000;

  /** A requirement row links this many findings at most; the findings table filters the rest. */
  static final int MAX_LINKS = 20;

  /** The checks that judge the policy's claims (claim.verified, claim.attestation). */
  static final String CLAIM_CHECKS = "claim.";

  /** Most serious first; a finding without a severity last. */
  static final Comparator<Finding> BY_SEVERITY = Comparator.comparing(Finding::severity,
      Comparator.nullsFirst(Comparator.<Severity>naturalOrder())).reversed();

  /** What to fix first: the most serious, and of equal severity a failure before an error. */
  static final Comparator<Finding> FIX_ORDER_BY_SEVERITY =
      BY_SEVERITY.thenComparing(Finding::status);

  /** Severities from most to least serious, the column order of the summary. */
  static final List<Severity> SEVERITY_COLUMNS =
      List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW, Severity.INFO);

  /** Shown for findings that belong to the policy as a whole (e.g. claim attestations). */
  static final String POLICY_WIDE = "(policy-wide)";

  /** A reference: internal ({@code #anchor}), an external http(s) page, or plain text. */
  public record Link(String href, String text, boolean external) {
    static Link text(String text) {
      return new Link(null, text, false);
    }

    static Link internal(String anchor, String text) {
      return new Link("#" + anchor, text, false);
    }

    public boolean clickable() {
      return href != null;
    }
  }

  public record Header(
      String policyName,
      String runId,
      String schema,
      String tool,
      String toolVersion,
      String started,
      String finished,
      String policyFile,
      String policySha256,
      String commandLine,
      String failOn,
      String frameworks) {}

  public record Count(String label, String css, int count) {}

  /** One summary row: a status, its total, and its split by severity (SEVERITY_COLUMNS order). */
  public record StatusCount(String label, String css, int total, List<Integer> bySeverity) {}

  public record Summary(
      List<String> severities,
      List<StatusCount> byStatus,
      StatusCount total,
      List<Count> targetStates,
      int targets,
      int artifacts,
      int claims,
      String failOn) {}

  public record TargetRow(
      String name, String url, String state, String stateCss, String reason, String anchor,
      int findings) {}

  public record RequirementRow(
      String anchor,
      String id,
      String title,
      String area,
      String coverage,
      String coverageCss,
      String status,
      String statusCss,
      boolean manual,
      List<Link> findings,
      List<Link> claims) {}

  public record FrameworkSection(
      String anchor,
      String id,
      String name,
      String version,
      String note,
      List<Count> coverage,
      List<RequirementRow> rows) {
    /** Requirements without automated evidence: shown folded, under their own heading. */
    public long manualCount() {
      return rows.stream().filter(RequirementRow::manual).count();
    }
  }

  /**
   * One finding in the findings table.
   *
   * @param target the target's name as shown ("(policy-wide)" for the policy as a whole)
   * @param frameworks the ids of the frameworks it gives evidence for, space-separated, for the
   *     table's framework filter
   * @param location where in a file what was judged is written ("nginx.conf:4"), or ""
   */
  public record FindingRow(
      String anchor,
      String status,
      String statusCss,
      String severity,
      String target,
      String frameworks,
      String checkId,
      String title,
      String subject,
      String expected,
      String observed,
      List<Link> evidence,
      List<Link> requirements,
      String remediation,
      String checkedAt,
      String policyLocation,
      String waiver,
      String baseline,
      String location) {}

  /**
   * Every finding but the MANUAL ones, most severe first, then by target (population order),
   * status, check and subject; the first {@link #STATIC_ROWS} as rows, the rest in {@code more}.
   *
   * @param total how many findings the table holds in all
   * @param more the findings after the written rows, as the page script's compact data ("" when
   *     every row is written)
   * @param frameworks [id, name] of every framework a finding maps to, for the filter
   */
  public record FindingTable(
      List<FindingRow> rows,
      int total,
      String more,
      List<String> statuses,
      List<String> severities,
      List<String> targets,
      List<String> checks,
      List<String[]> frameworks) {
    public int hidden() {
      return total - rows.size();
    }
  }

  /**
   * A policy claim as the page states it, beside what the scan judged of it.
   *
   * @param judged the findings the claim checks produced about this claim (claim.verified,
   *     claim.attestation), as they were judged; empty when the scan judged nothing of it
   */
  public record ClaimRow(
      String anchor,
      String id,
      String statement,
      String category,
      String owner,
      String date,
      String checks,
      String mappings,
      List<Link> evidence,
      List<ClaimJudgement> judged) {}

  /** One finding about a claim: its status, what was observed, and a link to its row. */
  public record ClaimJudgement(String status, String statusCss, String title, String observed,
      Link finding) {}

  public record ArtifactRow(
      String anchor,
      String id,
      String target,
      String kind,
      String time,
      String summary,
      String sha256,
      String content,
      List<Link> citedBy) {}

  /**
   * Builds the model. {@code contentSecurityPolicy} is passed in because only the renderer knows
   * the exact style text its hash must cover.
   */
  public static ReportModel of(ScanResult scan, dev.secaudit.model.GateVerdict gate,
      List<FrameworkView> views, String contentSecurityPolicy) {
    return new Builder(scan, views == null ? List.of() : views).build(gate,
        contentSecurityPolicy);
  }

  static String utc(Instant time) {
    return time == null ? "" : DateTimeFormatter.ISO_INSTANT.format(time);
  }

  static String text(String s) {
    return s == null ? "" : s;
  }

  static String waiverText(Finding.Waiver w) {
    if (w == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(text(w.id()));
    if (!text(w.approver()).isEmpty()) {
      b.append(" approved by ").append(w.approver());
    }
    if (!text(w.expires()).isEmpty()) {
      b.append(", expires ").append(w.expires());
    }
    if (!text(w.justification()).isEmpty()) {
      b.append(": ").append(w.justification());
    }
    return b.toString().strip();
  }

  private static final Pattern PLAIN_ARG = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  /**
   * Quotes arguments the way a POSIX shell reads them back, so the line can be pasted to re-run the
   * scan. The arguments are already redacted by whoever recorded them.
   */
  static String commandLine(List<String> args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      String s = text(a);
      out.add(PLAIN_ARG.matcher(s).matches() ? s : "'" + s.replace("'", "'\\''") + "'");
    }
    return String.join(" ", out);
  }

  /**
   * Only absolute http(s) URLs become clickable; anything else (file:, javascript:, relative
   * paths, free text) is shown as text so a hostile policy cannot plant a live link.
   */
  static boolean isWebUrl(String s) {
    if (s == null || s.isEmpty() || s.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
      return false;
    }
    try {
      URI uri = new URI(s);
      String scheme = uri.getScheme();
      return scheme != null
          && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          && uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  static String cssClass(String prefix, Enum<?> value) {
    return value == null ? prefix + "none" : prefix + value.name().toLowerCase(Locale.ROOT);
  }

  /** Gives every element a unique id that is also safe, unescaped, in a URL fragment. */
  private static final class Anchors {
    private static final int MAX_SLUG = 60;
    private final Set<String> used = new HashSet<>();

    /** An id from the non-empty {@code parts}, joined by '-', readable where they allow it. */
    String make(String prefix, String... parts) {
      List<String> slugs = new ArrayList<>();
      boolean lossless = true;
      for (String part : parts) {
        String slug = slug(part);
        lossless &= slug.equals(part);
        if (!slug.isEmpty()) {
          slugs.add(slug);
        }
      }
      String base = prefix + String.join("-", slugs);
      // A lossy or shortened slug could collide with another value's; a hash of the raw parts
      // keeps the anchor stable across runs where a counter alone would shift.
      if (!lossless || slugs.isEmpty()) {
        String hash = Artifact.sha256(String.join("\0", parts).getBytes(StandardCharsets.UTF_8))
            .substring(0, 8);
        base = prefix + (slugs.isEmpty() ? "" : String.join("-", slugs) + "-") + hash;
      }
      String id = base;
      for (int n = 2; !used.add(id); n++) {
        id = base + "-" + n;
      }
      return id;
    }

    private static String slug(String raw) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < raw.length() && b.length() < MAX_SLUG; i++) {
        char c = raw.charAt(i);
        boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '.' || c == '_' || c == '-';
        if (safe) {
          b.append(c);
        } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
          b.append('-');
        }
      }
      while (b.length() > 0 && b.charAt(b.length() - 1) == '-') {
        b.setLength(b.length() - 1);
      }
      return b.toString();
    }
  }

  private static final class Builder {
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
    private final Map<Object, String> rowAnchors = new IdentityHashMap<>();
    private final Set<String> renderedRows = new HashSet<>();
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

    Builder(ScanResult scan, List<FrameworkView> views) {
      this.scan = scan;
      this.views = views;
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
      problems.sort(FIX_ORDER_BY_SEVERITY.thenComparing(this::targetIndex)
          .thenComparing(f -> text(f.checkId())).thenComparing(f -> text(f.subject())));
      VerdictScreen.Screen verdict = VerdictScreen.of(scan, gate, problems, this::findingLink);
      Map<String, String> populationAnchors = new HashMap<>();
      statesByName.keySet().forEach(n -> populationAnchors.put(n, targetAnchors.get(n)));
      ReportCharts.Charts charts =
          ReportCharts.of(findingsByTarget, populationAnchors, frameworks);
      return new ReportModel(csp, header(), verdict, summary(), population(), frameworks, table,
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
      Comparator<Finding> order = BY_SEVERITY.thenComparing(this::targetIndex)
          .thenComparing(Finding::status).thenComparing(f -> text(f.checkId()))
          .thenComparing(f -> text(f.subject()))
          .thenComparing(f -> text(f.observed()));
      tableOrder.sort(order);
      manualOrder.sort(order);
      for (List<Finding> rows : List.of(tableOrder, manualOrder)) {
        for (int i = 0; i < rows.size(); i++) {
          Finding f = rows.get(i);
          String anchor = anchors.make("f-", text(f.target()), text(f.checkId()), f.subject());
          rowAnchors.put(f, anchor);
          if (i < STATIC_ROWS) {
            written.add(f);
            findingAnchors.putIfAbsent(f, anchor);
            findingPositions.putIfAbsent(f, findingPositions.size());
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

    private Summary summary() {
      Map<Status, int[]> counts = new EnumMap<>(Status.class);
      for (Status s : Status.values()) {
        counts.put(s, new int[SEVERITY_COLUMNS.size() + 1]);
      }
      int[] totals = new int[SEVERITY_COLUMNS.size() + 1];
      for (Finding f : scan.findings()) {
        int[] row = counts.get(f.status());
        row[0]++;
        totals[0]++;
        int col = SEVERITY_COLUMNS.indexOf(f.severity());
        if (col >= 0) {
          row[col + 1]++;
          totals[col + 1]++;
        }
      }
      List<StatusCount> byStatus = new ArrayList<>();
      for (Map.Entry<Status, int[]> e : counts.entrySet()) {
        byStatus.add(statusCount(e.getKey().name(), cssClass("st-", e.getKey()), e.getValue()));
      }
      Map<TargetState.State, Integer> states = new EnumMap<>(TargetState.State.class);
      for (TargetState.State s : TargetState.State.values()) {
        states.put(s, 0);
      }
      for (TargetState t : scan.targets()) {
        if (t.state() != null) {
          states.merge(t.state(), 1, Integer::sum);
        }
      }
      List<Count> stateCounts = new ArrayList<>();
      states.forEach((s, n) -> stateCounts.add(new Count(s.name(), cssClass("ts-", s), n)));
      List<String> severities = new ArrayList<>();
      for (Severity s : SEVERITY_COLUMNS) {
        severities.add(s.name());
      }
      return new Summary(severities, byStatus, statusCount("Total", "total", totals), stateCounts,
          scan.targets().size(), scan.artifacts().size(), scan.claims().size(),
          text(run.failOn()));
    }

    private static StatusCount statusCount(String label, String css, int[] row) {
      List<Integer> bySeverity = new ArrayList<>();
      for (int i = 1; i < row.length; i++) {
        bySeverity.add(row[i]);
      }
      return new StatusCount(label, css, row[0], bySeverity);
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
      // Listed in report order so the row does not depend on how the caller collected them.
      List<Finding> ordered = new ArrayList<>(r.findings());
      ordered.sort(Comparator.comparingInt(
          f -> findingPositions.getOrDefault(f, Integer.MAX_VALUE)));
      List<Link> findings = new ArrayList<>();
      for (Finding f : ordered.subList(0, Math.min(MAX_LINKS, ordered.size()))) {
        findings.add(findingLink(f));
      }
      if (ordered.size() > MAX_LINKS) {
        findings.add(Link.text("and " + (ordered.size() - MAX_LINKS) + " more findings (filter"
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
      List<FindingRow> more = new ArrayList<>();
      Set<String> statuses = new LinkedHashSet<>();
      Set<String> severities = new LinkedHashSet<>();
      Set<String> checks = new TreeSet<>();
      Set<String> targets = new LinkedHashSet<>();
      Set<String> frameworkIds = new TreeSet<>();
      for (Finding f : tableOrder) {
        FindingRow row = findingRow(f);
        (written.contains(f) ? rows : more).add(row);
        checks.add(text(f.checkId()));
        for (Mapping m : f.mappings()) {
          frameworkIds.add(m.framework());
        }
      }
      for (Status s : Status.values()) {
        if (s != Status.MANUAL && tableOrder.stream().anyMatch(f -> f.status() == s)) {
          statuses.add(s.name());
        }
      }
      for (Severity s : SEVERITY_COLUMNS) {
        if (tableOrder.stream().anyMatch(f -> f.severity() == s)) {
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
      return new FindingTable(rows, tableOrder.size(), FindingData.of(more),
          List.copyOf(statuses), List.copyOf(severities), List.copyOf(targets),
          List.copyOf(checks), frameworks);
    }

    private FindingRow findingRow(Finding f) {
      String rowAnchor = rowAnchor(f, "f-", text(f.target()), text(f.checkId()), f.subject());
      Link self = Link.internal(rowAnchor, findingLabel(f));
      List<Link> evidence = new ArrayList<>();
      for (String id : f.evidence()) {
        evidence.add(artifactLink(id));
        if (written.contains(f)) {
          citedBy.computeIfAbsent(text(id), k -> new ArrayList<>()).add(self);
        }
      }
      List<Link> requirements = new ArrayList<>();
      for (Mapping m : new LinkedHashSet<>(f.mappings())) {
        String anchorOfRow = requirementAnchors.get(m.framework() + ":" + m.requirement());
        requirements.add(anchorOfRow == null ? Link.text(m.toString())
            : Link.internal(anchorOfRow, m.toString()));
      }
      String location = f.policyLine() > 0 ? "line " + f.policyLine() : "";
      if (!f.policyPointer().isEmpty()) {
        location = location.isEmpty()
            ? f.policyPointer() : location + " (" + f.policyPointer() + ")";
      }
      Set<String> frameworks = new LinkedHashSet<>();
      for (Mapping m : f.mappings()) {
        frameworks.add(m.framework());
      }
      return new FindingRow(rowAnchor, f.status().name(), cssClass("st-", f.status()),
          f.severity() == null ? "" : f.severity().name(), displayTarget(text(f.target())),
          String.join(" ", frameworks), text(f.checkId()), text(f.title()),
          f.subject(), f.expected(), f.observed(), evidence, requirements, f.remediation(),
          utc(f.time()), location, waiverText(f.waiver()), GatingSections.state(f),
          f.location() == null ? "" : f.location().at());
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
              text(f.title()), f.observed(), findingLink(f)));
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
        rows.add(new ArtifactRow(anchor, id, text(a.target()), text(a.kind()), utc(a.time()),
            text(a.summary()), text(a.sha256()), text(a.content()), List.copyOf(cited)));
      }
      return rows;
    }

    /** The row's own id; the same object listed twice gets a second id rather than a clash. */
    private String rowAnchor(Object row, String prefix, String... parts) {
      String anchor = rowAnchors.get(row);
      return renderedRows.add(anchor) ? anchor : anchors.make(prefix, parts);
    }

    private static String stateLabel(TargetState t) {
      return t.state() == null ? "" : t.state().name();
    }

    private static String displayTarget(String name) {
      return name.isEmpty() ? POLICY_WIDE : name;
    }
  }

  public ReportModel {
    Objects.requireNonNull(header);
    population = List.copyOf(population);
    frameworks = List.copyOf(frameworks);
    manual = List.copyOf(manual);
    claims = List.copyOf(claims);
    artifacts = List.copyOf(artifacts);
    waivers = waivers == null ? List.of() : List.copyOf(waivers);
  }
}
