package dev.secaudit.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything one run produced. Its JSON form is a public, versioned contract ({@link #SCHEMA}):
 * every renderer works from this alone, so {@code secaudit report --from scan.json} reproduces any
 * report without probing again.
 */
public record ScanResult(
    String schema,
    RunInfo run,
    List<TargetState> targets,
    List<Finding> findings,
    List<Artifact> artifacts,
    List<ClaimRecord> claims,
    List<WaiverRecord> waivers,
    Baseline baseline,
    List<ProcessingRecord> processing) {

  /** Bump the major number on any incompatible change; additions keep it. */
  public static final String SCHEMA = "secaudit.scan/1.6";

  /** What policy-wide findings (attested claims) name in place of a target: no target's. */
  public static final String POLICY_TARGET = "policy";

  @JsonCreator
  public ScanResult {
    targets = targets == null ? List.of() : List.copyOf(targets);
    findings = findings == null ? List.of() : List.copyOf(findings);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    claims = claims == null ? List.of() : List.copyOf(claims);
    waivers = waivers == null ? List.of() : List.copyOf(waivers);
    processing = processing == null ? List.of() : List.copyOf(processing);
  }

  /** A scan as the scanner assembles it: no waivers applied, no baseline compared yet. */
  public ScanResult(String schema, RunInfo run, List<TargetState> targets, List<Finding> findings,
      List<Artifact> artifacts, List<ClaimRecord> claims) {
    this(schema, run, targets, findings, artifacts, claims, List.of(), null, List.of());
  }

  /** Without records of processing (scans of policies with no subprocessors section). */
  public ScanResult(String schema, RunInfo run, List<TargetState> targets, List<Finding> findings,
      List<Artifact> artifacts, List<ClaimRecord> claims, List<WaiverRecord> waivers,
      Baseline baseline) {
    this(schema, run, targets, findings, artifacts, claims, waivers, baseline, List.of());
  }

  /** With the records of processing of the declared subprocessors. */
  public ScanResult withProcessing(List<ProcessingRecord> records) {
    return new ScanResult(schema, run, targets, findings, artifacts, claims, waivers, baseline,
        records);
  }

  public ScanResult withFindings(List<Finding> newFindings) {
    return new ScanResult(schema, run, targets, newFindings, artifacts, claims, waivers, baseline,
        processing);
  }

  public ScanResult withWaivers(List<Finding> newFindings, List<WaiverRecord> newWaivers) {
    return new ScanResult(schema, run, targets, newFindings, artifacts, claims, newWaivers,
        baseline, processing);
  }

  public ScanResult withBaseline(List<Finding> newFindings, Baseline newBaseline) {
    return new ScanResult(schema, run, targets, newFindings, artifacts, claims, waivers,
        newBaseline, processing);
  }

  /**
   * The same scan with every text in it (findings, artifacts, run, targets, claims, waivers,
   * baseline, records of processing) through {@code f}, and each artifact's hash recomputed over
   * its new content; this same scan when {@code f} changes none of its texts. Numbers, times
   * and enumerations are not text and stay as they are. Rewritten down the records' components
   * ({@link RecordTexts}), so a field added later passes through {@code f} too.
   */
  public ScanResult mapText(java.util.function.UnaryOperator<String> f) {
    if (RecordTexts.walk(this, f) == RecordTexts.Walked.UNCHANGED) {
      // Nothing to rewrite (the usual scan: no secret echoed, no control character).
      return this;
    }
    ScanResult mapped = RecordTexts.rewrite(this, f);
    List<Artifact> rehashed = mapped.artifacts.stream()
        .map(a -> a.content() == null ? a : a.withContent(a.content()))
        .toList();
    return new ScanResult(mapped.schema, mapped.run, mapped.targets, mapped.findings, rehashed,
        mapped.claims, mapped.waivers, mapped.baseline, mapped.processing);
  }

  public Map<Status, Integer> countByStatus() {
    Map<Status, Integer> counts = new EnumMap<>(Status.class);
    for (Status s : Status.values()) {
      counts.put(s, 0);
    }
    for (Finding f : findings) {
      counts.merge(f.status(), 1, Integer::sum);
    }
    return counts;
  }

  /** Waivers that covered no finding needing attention: stale, or globs that miss. */
  public List<WaiverRecord> unmatchedWaivers() {
    return waivers.stream().filter(w -> w.covered() == 0).toList();
  }

  /** Active waivers that accept every check ({@link WaiverRecord#blanket()}). */
  public List<WaiverRecord> blanketWaivers() {
    return waivers.stream().filter(w -> w.state() != WaiverState.EXPIRED && w.blanket())
        .toList();
  }

  /**
   * A waiver from {@code --waivers} as this run applied it: kept in the evidence so an auditor
   * sees every accepted risk, its approver and its expiry, and which waivers matched nothing.
   *
   * @param state ACTIVE on the run's date, or EXPIRED
   * @param matched how many findings it waived: 0 when expired (an expired waiver waives
   *     nothing; "matched 14" beside EXPIRED read as 14 findings covered)
   * @param covered how many FAIL/WARN/ERROR findings its scope covers, waived by it, by an
   *     earlier waiver, or left as they were because it expired; 0 is a waiver matching nothing
   */
  public record WaiverRecord(
      String id,
      String check,
      String target,
      String subject,
      String justification,
      String approver,
      String expires,
      WaiverState state,
      int matched,
      String source,
      int covered,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean blanket,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Reach> beyondBaseline) {
    /**
     * @param blanket whether its check glob matches every check id of the catalogue the scan
     *     ran with ("*", "*.*", "?*"…) and its subject glob every subject: one such line lets
     *     every failure through the gate, so every run says so (ci20 F3). Decided by the scan,
     *     which knows the catalogue; a glob of '*' alone is one whatever the file says.
     */
    public WaiverRecord {
      // A scan.json written before 'covered' counted the covered findings as 'matched'.
      covered = Math.max(covered, matched);
      matched = state == WaiverState.EXPIRED ? 0 : matched;
      blanket = blanket || everything(check) && everything(subject);
      beyondBaseline = beyondBaseline == null ? List.of() : List.copyOf(beyondBaseline);
    }

    /** As recorded without a baseline, or before a waiver's reach was compared with one. */
    public WaiverRecord(String id, String check, String target, String subject,
        String justification, String approver, String expires, WaiverState state, int matched,
        String source, int covered, boolean blanket) {
      this(id, check, target, subject, justification, approver, expires, state, matched, source,
          covered, blanket, List.of());
    }

    /** The same record after the comparison with a baseline: what it waives, what it reaches. */
    public WaiverRecord reaching(int waivedNow, List<Reach> beyond) {
      return new WaiverRecord(id, check, target, subject, justification, approver, expires, state,
          waivedNow, source, covered, blanket, beyond);
    }

    /**
     * What a waiver whose target is a glob reached beyond what the baseline showed it reaching
     * (docs/ci.md, Waivers and the baseline), one sentence per kind for stderr and the console's
     * last screen: the failures new since the baseline it was not let accept, and the known ones
     * it now waives on a target where the baseline's run did not.
     */
    public List<String> beyondBaselineWarnings() {
      List<String> out = new java.util.ArrayList<>();
      for (boolean accepted : new boolean[] {false, true}) {
        List<Reach> some = beyondBaseline.stream().filter(r -> r.accepted() == accepted).toList();
        if (some.isEmpty()) {
          continue;
        }
        String what = Reach.listed(some);
        out.add("waiver " + id + (source == null || source.isEmpty() ? "" : " (" + source + ")")
            + " now also covers " + what + (accepted
                ? ": known in the baseline, where this waiver did not cover "
                    + (some.size() == 1 ? "it" : "them")
                : " — new since the baseline, on a target the waiver does not name ('target: "
                    + target + "'), so not accepted: "
                    + (some.size() == 1 ? "it counts" : "they count") + " as new; name the"
                    + " target in a waiver to accept " + (some.size() == 1 ? "it" : "them")));
      }
      return out;
    }

    /** As recorded before the catalogue decided: blanket only when its globs are '*' alone. */
    public WaiverRecord(String id, String check, String target, String subject,
        String justification, String approver, String expires, WaiverState state, int matched,
        String source, int covered) {
      this(id, check, target, subject, justification, approver, expires, state, matched, source,
          covered, false);
    }

    /**
     * The one sentence every command warns of a blanket waiver with (validate, scan, the
     * console's last screen), before what each adds (how many findings it waived).
     */
    public static String blanketWarning(String id, String source, String target,
        String expires) {
      return "blanket waiver " + id + (source == null || source.isEmpty() ? "" : " (" + source
          + ")") + " accepts " + blanketScope(target) + " until " + expires + ": every failure"
          + " there passes the gate; name the checks it accepts";
    }

    /** {@link #blanketWarning} of this waiver, with how many findings it waived. */
    public String blanketWarning() {
      return blanketWarning(id, source, target, expires) + " (it waived " + matched + " "
          + (matched == 1 ? "finding" : "findings") + ")";
    }

    /** "every target" or "target 'app'": what a blanket waiver silences. */
    public static String blanketScope(String target) {
      return everything(target) ? "every check on every target"
          : "every check on target '" + target + "'";
    }

    /**
     * A glob that matches every name, or every name but the empty one: empty (the default), or
     * wildcards alone with at least one '*' ("*", "?*", "*?*"). A subject of "?*" silences as
     * much as "*" and was once a way past the blanket warning (ci23 H2).
     */
    public static boolean everything(String glob) {
      return glob == null || glob.isEmpty()
          || glob.indexOf('*') >= 0 && glob.chars().allMatch(c -> c == '*' || c == '?');
    }

    /** One whose {@code covered} findings it all waived (or noted, when expired). */
    public WaiverRecord(String id, String check, String target, String subject,
        String justification, String approver, String expires, WaiverState state, int covered,
        String source) {
      this(id, check, target, subject, justification, approver, expires, state, covered, source,
          covered);
    }
  }

  /**
   * A finding a waiver's glob reached that the baseline did not show it reaching.
   *
   * @param accepted false: new since the baseline on a target the waiver does not name, so not
   *     waived; true: known in the baseline (unwaived there, or waived by another), waived now
   */
  public record Reach(String target, String check, String subject, boolean accepted) {
    /** "flip: hsts.header, hsts.max_age; app: cookie.secure [sid]", targets in first order. */
    static String listed(List<Reach> reached) {
      Map<String, List<String>> byTarget = new java.util.LinkedHashMap<>();
      for (Reach r : reached) {
        byTarget.computeIfAbsent(r.target(), t -> new java.util.ArrayList<>())
            .add(r.check() + (r.subject() == null || r.subject().isEmpty() ? ""
                : " [" + r.subject() + "]"));
      }
      List<String> parts = new java.util.ArrayList<>();
      byTarget.forEach((t, checks) -> parts.add(t + ": " + String.join(", ", checks)));
      return String.join("; ", parts);
    }
  }

  public enum WaiverState {
    ACTIVE,
    EXPIRED
  }

  /**
   * The comparison with an earlier scan ({@code --baseline}): which scan, how many findings are
   * new or unchanged, the earlier problems that were judged again and are gone, and those that
   * were not judged this time.
   *
   * @param notScanned earlier problems whose check did not run on their target in this scan:
   *     neither resolved nor open, only not looked at
   * @param notes what makes the two scans differ in scope (another policy name, another policy
   *     file), each a sentence for people
   */
  public record Baseline(
      String file,
      String runId,
      java.time.Instant started,
      int newCount,
      int unchangedCount,
      List<Finding> resolved,
      List<Finding> notScanned,
      List<String> notes) {
    public Baseline {
      resolved = resolved == null ? List.of() : List.copyOf(resolved);
      notScanned = notScanned == null ? List.of() : List.copyOf(notScanned);
      notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A comparison of two scans of the same scope. */
    public Baseline(String file, String runId, java.time.Instant started, int newCount,
        int unchangedCount, List<Finding> resolved) {
      this(file, runId, started, newCount, unchangedCount, resolved, List.of(), List.of());
    }
  }

  /**
   * A policy claim as the run saw it, kept so that reports and the security page can cite who
   * attested what without reading the policy again.
   */
  public record ClaimRecord(
      String id,
      String statement,
      String category,
      List<String> checks,
      List<Mapping> mappings,
      String owner,
      String date,
      List<String> evidence) {
    public ClaimRecord {
      checks = checks == null ? List.of() : List.copyOf(checks);
      mappings = mappings == null ? List.of() : List.copyOf(mappings);
      evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }
  }
}
