package dev.secaudit.report;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.TargetState;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
    TargetRows population,
    List<FrameworkSection> frameworks,
    FindingTable findings,
    List<FindingRow> manual,
    int manualTotal,
    List<ClaimRow> claims,
    ReportCharts.Charts charts,
    ArtifactRows artifacts,
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

  /** Severity ranks: {@link Severity}'s, and none (last). */
  static final int SEVERITY_RANKS = Severity.values().length + 1;

  /** How many {@link #fixRank}s there are. */
  static final int FIX_RANKS = Status.values().length * SEVERITY_RANKS;

  /**
   * What to fix first, one number a status and severity, 0 first: FAIL and ERROR findings, the
   * most serious first and of equal severity a failure before an error (the first screen's fixes),
   * then WARN, then the other statuses in {@link Status}'s order, each the most serious first. The
   * first screen picks its fixes and findings.csv sorts its rows by it, so the spreadsheet's first
   * rows are the page's fixes.
   */
  static int fixRank(Status status, Severity severity) {
    int s = severity == null ? SEVERITY_RANKS - 1
        : Severity.CRITICAL.ordinal() - severity.ordinal();
    if (status == Status.FAIL || status == Status.ERROR) {
      return s * 2 + status.ordinal();
    }
    return (status.ordinal() - Status.WARN.ordinal() + 2) * SEVERITY_RANKS + s;
  }

  /** {@link #fixRank}'s order. */
  static final Comparator<Finding> FIX_ORDER =
      Comparator.comparingInt(f -> fixRank(f.status(), f.severity()));

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
  public record StatusCount(String label, String css, int total, List<Integer> bySeverity) {
    /**
     * The label in the first screen's narrow matrix: "N/A" for NOT_APPLICABLE, whose fourteen
     * letters pushed the PASS column out of its box at 1366 px.
     */
    public String narrow() {
      return label.equals(Status.NOT_APPLICABLE.name()) ? "N/A" : label;
    }
  }

  public record Summary(
      List<String> severities,
      List<StatusCount> byStatus,
      StatusCount total,
      List<Count> targetStates,
      int targets,
      int artifacts,
      int claims,
      String failOn){
    /** The counts by status and severity, and of the targets by state. */
      static Summary of(ScanResult scan, dev.secaudit.model.RunInfo run) {
      Counts counts = new Counts();
      scan.findings().forEach(counts::add);
      return of(counts, scan, scan.artifacts().size(), run);
    }

    /** The findings counted by status and severity, one by one. */
    static final class Counts {
      private final Map<Status, int[]> counts = new EnumMap<>(Status.class);
      private final int[] totals = new int[SEVERITY_COLUMNS.size() + 1];

      Counts() {
        for (Status s : Status.values()) {
          counts.put(s, new int[SEVERITY_COLUMNS.size() + 1]);
        }
      }

      void add(Finding f) {
        int[] row = counts.get(f.status());
        row[0]++;
        totals[0]++;
        int col = SEVERITY_COLUMNS.indexOf(f.severity());
        if (col >= 0) {
          row[col + 1]++;
          totals[col + 1]++;
        }
      }
    }

    /**
     * {@code scan}: its targets and claims; its findings are in {@code c}, and {@code artifacts}
     * is how many it recorded.
     */
    static Summary of(Counts c, ScanResult scan, int artifacts, dev.secaudit.model.RunInfo run) {
      Map<Status, int[]> counts = c.counts;
      int[] totals = c.totals;
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
          scan.targets().size(), artifacts, scan.claims().size(),
          text(run.failOn()));
    }

    static StatusCount statusCount(String label, String css, int[] row) {
      List<Integer> bySeverity = new ArrayList<>();
      for (int i = 1; i < row.length; i++) {
        bySeverity.add(row[i]);
      }
      return new StatusCount(label, css, row[0], bySeverity);
    }
  }

  public record TargetRow(
      String name, String url, String state, String stateCss, String reason, String anchor,
      int findings) {}

  /**
   * The population table's rows in the scan's order: a list, or rows made one at a time as the
   * page is written ({@link PagePopulation}), since a fleet lists tens of thousands of targets.
   */
  public interface TargetRows extends Iterable<TargetRow> {
    boolean isEmpty();

    static TargetRows of(List<TargetRow> rows) {
      return new Listed(List.copyOf(rows));
    }

    /** Rows held as a list. */
    record Listed(List<TargetRow> rows) implements TargetRows {
      @Override
      public boolean isEmpty() {
        return rows.isEmpty();
      }

      @Override
      public java.util.Iterator<TargetRow> iterator() {
        return rows.iterator();
      }
    }
  }

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
      List<Link> claims,
      String notRun,
      String basis,
      String asides) {}

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
   * @param more the findings after the written rows, as the page script's compact data (empty
   *     when every row is written)
   * @param targets the targets with a finding in the table, in the report's order, for the
   *     filter (a fleet's page reads them back as it writes them: {@link PagePopulation})
   * @param frameworks [id, name] of every framework a finding maps to, for the filter
   */
  public record FindingTable(
      List<FindingRow> rows,
      int total,
      FindingData more,
      List<String> statuses,
      List<String> severities,
      Iterable<String> targets,
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
   * The evidence appendix's rows in the scan's order: a list, or rows read from a store one at a
   * time as the page is written ({@link EvidenceStore}), since a fleet records tens of thousands
   * of artifacts.
   */
  public interface ArtifactRows extends Iterable<ArtifactRow> {
    boolean isEmpty();

    static ArtifactRows of(List<ArtifactRow> rows) {
      return new Listed(List.copyOf(rows));
    }

    /** Rows held as a list. */
    record Listed(List<ArtifactRow> rows) implements ArtifactRows {
      @Override
      public boolean isEmpty() {
        return rows.isEmpty();
      }

      @Override
      public java.util.Iterator<ArtifactRow> iterator() {
        return rows.iterator();
      }
    }
  }

  /**
   * Builds the model. {@code contentSecurityPolicy} is passed in because only the renderer knows
   * the exact style text its hash must cover.
   */
  public static ReportModel of(ScanResult scan, dev.secaudit.model.GateVerdict gate,
      List<FrameworkView> views, String contentSecurityPolicy) {
    return of(scan, gate, views, contentSecurityPolicy, false);
  }

  /**
   * As above; {@code keepEveryAnchor}: every finding's anchor is made up front and kept, as
   * before {@link FindingAnchors}, the reference its tests compare with.
   */
  static ReportModel of(ScanResult scan, dev.secaudit.model.GateVerdict gate,
      List<FrameworkView> views, String contentSecurityPolicy, boolean keepEveryAnchor) {
    return new ReportModelBuilder(scan, views == null ? List.of() : views, keepEveryAnchor)
        .build(gate, contentSecurityPolicy);
  }

  /**
   * A time as every report writes it: ISO-8601 in UTC with its {@code Z} (to the millisecond as
   * recorded), in the CSV files too. A CSV time without a zone opened in a spreadsheet as the
   * reader's local time, which an auditor in another zone read hours off.
   */
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
    String made = value == null ? prefix + "none" : prefix + value.name().toLowerCase(Locale.ROOT);
    String kept = CSS_CLASSES.putIfAbsent(made, made);
    return kept == null ? made : kept;
  }

  // One String for each class (the prefixes are the code's own), not one a row: a fleet's page
  // held a copy for each of its 17,670 targets' states and 14,720 claim judgements' statuses.
  private static final Map<String, String> CSS_CLASSES =
      new java.util.concurrent.ConcurrentHashMap<>();

  public ReportModel {
    Objects.requireNonNull(header);
    Objects.requireNonNull(population);
    frameworks = List.copyOf(frameworks);
    manual = List.copyOf(manual);
    claims = List.copyOf(claims);
    Objects.requireNonNull(artifacts);
    waivers = waivers == null ? List.of() : List.copyOf(waivers);
  }
}
