package dev.secaudit.compliance;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Mapping;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.ScanResult.ClaimRecord;
import dev.secaudit.model.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins a framework's requirements with a scan's findings and claims.
 *
 * <p>Matching is exact on {@code Mapping(framework.id(), requirement.id())}. A finding mapped to a
 * whole GDPR article (say {@code gdpr:32}) is deliberately not counted for its points such as
 * {@code 32(1)(c)}: evidence that something in Art. 32 holds says nothing about restore
 * capability, and spreading it would show automated coverage an auditor cannot trace. The catalog
 * lists each requirement at the granularity mappings must use, and FrameworkCatalogTest keeps the
 * built-in check mappings to listed ids.
 */
public final class ComplianceView {
  private ComplianceView() {}

  /** Every requirement of {@code framework}, in catalog order, with its evidence from {@code scan}. */
  public static List<RequirementStatus> of(Framework framework, ScanResult scan) {
    return of(framework, Evidence.of(scan));
  }

  /**
   * The same, from evidence indexed once: a report of several frameworks, each of hundreds of
   * requirements, looks up each requirement instead of scanning every finding for it.
   */
  public static List<RequirementStatus> of(Framework framework, Evidence evidence) {
    return of(framework, evidence, Map.of());
  }

  /**
   * The same, each row also naming the checks of {@code mapped} (the catalogue's checks per
   * requirement) that did not run here.
   */
  public static List<RequirementStatus> of(Framework framework, Evidence evidence,
      Map<Mapping, List<String>> mapped) {
    List<RequirementStatus> rows = new ArrayList<>(framework.requirements().size());
    for (Framework.Requirement requirement : framework.requirements()) {
      Mapping wanted = new Mapping(framework.id(), requirement.id());
      List<ClaimRecord> claims = evidence.claims.getOrDefault(wanted, List.of());
      // A claim's attestation finding travels with the claim, so a stale attestation turns the
      // requirement it supports into a FAIL instead of a quiet "attested".
      List<Finding> findings = evidence.findings(wanted, claims);
      Tally tally = new Tally(0);
      findings.forEach(f -> tally.add(f, 0));
      List<String> checks = mapped.getOrDefault(wanted, List.of());
      rows.add(new RequirementStatus(requirement, tally.coverage(!claims.isEmpty()),
          tally.status(), findings, claims, checks, tally.notRun(checks),
          tally.partlyRun(checks), tally.basis(), tally.asides()));
    }
    return List.copyOf(rows);
  }

  /**
   * A scan's findings and claims by the requirement they map to, each list in scan order (it is
   * already deterministic, and reports list evidence in it).
   */
  public static final class Evidence {
    private final Map<Mapping, List<Integer>> findingsByMapping = new HashMap<>();
    private final Map<String, List<Integer>> attestationsByClaim = new HashMap<>();
    private final Map<Mapping, List<ClaimRecord>> claims = new HashMap<>();
    private final List<Finding> all;

    private Evidence(ScanResult scan) {
      all = scan.findings();
      for (int i = 0; i < all.size(); i++) {
        Finding f = all.get(i);
        for (Mapping m : new java.util.LinkedHashSet<>(f.mappings())) {
          findingsByMapping.computeIfAbsent(m, k -> new ArrayList<>()).add(i);
        }
        if (isAttestation(f)) {
          attestationsByClaim.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(i);
        }
      }
      for (ClaimRecord c : scan.claims()) {
        for (Mapping m : new java.util.LinkedHashSet<>(c.mappings())) {
          claims.computeIfAbsent(m, k -> new ArrayList<>()).add(c);
        }
      }
    }

    public static Evidence of(ScanResult scan) {
      return new Evidence(scan);
    }

    /** Findings mapped to {@code wanted} or attesting one of {@code claims}, in scan order. */
    private List<Finding> findings(Mapping wanted, List<ClaimRecord> claims) {
      java.util.Collection<Integer> positions = findingsByMapping.getOrDefault(wanted, List.of());
      if (!claims.isEmpty()) {
        java.util.SortedSet<Integer> merged = new java.util.TreeSet<>(positions);
        for (ClaimRecord c : claims) {
          merged.addAll(attestationsByClaim.getOrDefault(c.id(), List.of()));
        }
        positions = merged;
      }
      List<Finding> out = new ArrayList<>(positions.size());
      positions.forEach(i -> out.add(all.get(i)));
      return List.copyOf(out);
    }
  }

  /**
   * Whether a finding of this status counts in a requirement's status: a verdict (PASS, FAIL,
   * WARN, ERROR, WAIVED) or an attestation's MANUAL; a fact (INFO), a skip or a rule that did
   * not apply is noted beside it.
   */
  static boolean rollsUp(Status s) {
    return s != Status.INFO && s != Status.SKIPPED && s != Status.NOT_APPLICABLE;
  }

  /** Attestations are paperwork, not observation: they never make a requirement automated. */
  public static boolean isAttestation(Finding f) {
    return f.checkId().equals("claim.attestation");
  }

  /**
   * One requirement's evidence counted finding by finding, for a report that does not hold the
   * findings: how many, its coverage and status as {@link #of} gives them, and the first {@code
   * keep} findings most urgent status first, then by their place in the scan (added in any
   * order).
   */
  public static final class Tally {
    private final int keep;
    private int count;
    private boolean observed;
    private Status worst;
    /** The most urgent status among the findings that judged something: the row's status. */
    private Status judgedWorst;
    private final java.util.Set<String> judgedChecks = new java.util.TreeSet<>();
    /** The checks of findings that judged nothing, by status: notes beside the row. */
    private final Map<Status, java.util.Set<String>> aside = new java.util.EnumMap<>(Status.class);
    private final Map<Status, Integer> asideCount = new java.util.EnumMap<>(Status.class);
    private final List<Finding> first = new ArrayList<>();
    private final List<Integer> places = new ArrayList<>();
    private final java.util.Set<String> ran = new java.util.HashSet<>();
    // Per check, the targets it judged something on and those it only skipped on; by target,
    // only the latter, and what each check did on the target being added.
    private final Map<String, java.util.Set<String>> ranOn = new HashMap<>();
    private final Map<String, java.util.Set<String>> skippedOn = new HashMap<>();
    private final boolean byTarget;
    private String target;
    private final Map<String, Boolean> ranHere = new HashMap<>();

    public Tally(int keep) {
      this(keep, false);
    }

    /**
     * As above; {@code byTarget}: the findings come target by target (a report read so, {@code
     * HtmlGroups}), and a check's targets are kept only where it was only skipped (what {@link
     * #partlyRun} names) rather than every target it judged or skipped: those sets held a
     * fleet's every target for each requirement and check (2.7 million names at 1,708,000
     * findings, ~100 MB). A target met again after another counts as the same target only where
     * a check ran there the second time.
     */
    public Tally(int keep, boolean byTarget) {
      this.keep = keep;
      this.byTarget = byTarget;
    }

    /** {@code place}: the finding's place in the scan, which orders the ones kept. */
    public void add(Finding f, int place) {
      count++;
      // A skipped check observed nothing, so it does not make a requirement automated; it still
      // shows in the row so the reader sees that a check exists and why it did not run.
      observed |= f.status() != Status.SKIPPED && !isAttestation(f);
      if (f.status() != Status.SKIPPED) {
        ran.add(f.checkId());
      }
      String on = f.target() == null ? "" : f.target();
      if (byTarget) {
        if (!on.equals(target)) {
          targetEnded();
          target = on;
        }
        ranHere.merge(f.checkId(), f.status() != Status.SKIPPED, Boolean::logicalOr);
      } else {
        (f.status() == Status.SKIPPED ? skippedOn : ranOn).computeIfAbsent(f.checkId(),
            k -> new java.util.TreeSet<>()).add(on);
      }
      // Status declares the most urgent first, so the lowest ordinal is the worst.
      worst = worst == null || f.status().compareTo(worst) < 0 ? f.status() : worst;
      if (rollsUp(f.status())) {
        judgedWorst = judgedWorst == null || f.status().compareTo(judgedWorst) < 0 ? f.status()
            : judgedWorst;
        judgedChecks.add(f.checkId());
      } else {
        aside.computeIfAbsent(f.status(), k -> new java.util.TreeSet<>()).add(f.checkId());
        asideCount.merge(f.status(), 1, Integer::sum);
      }
      // Kept most urgent status first, then by place: a FAIL requirement listed its 15 passing
      // findings before the failing ones, which were cut off past the limit.
      if (keep == 0 || first.size() == keep && !before(f, place, keep - 1)) {
        return;
      }
      int at = places.size();
      while (at > 0 && before(f, place, at - 1)) {
        at--;
      }
      first.add(at, f);
      places.add(at, place);
      if (first.size() > keep) {
        first.remove(keep);
        places.remove(keep);
      }
    }

    /** Whether {@code f} at {@code place} goes before the kept finding at {@code i}. */
    private boolean before(Finding f, int place, int i) {
      int byStatus = f.status().compareTo(first.get(i).status());
      return byStatus < 0 || byStatus == 0 && place < places.get(i);
    }

    public int count() {
      return count;
    }

    /**
     * The checks of {@code mapped} that gave no finding here but SKIPPED ones, in its order:
     * left out of the policy, switched off, or not enabled (an active probe).
     */
    public List<String> notRun(List<String> mapped) {
      List<String> out = new ArrayList<>();
      for (String check : mapped) {
        if (!ran.contains(check)) {
          out.add(check);
        }
      }
      return List.copyOf(out);
    }

    /**
     * The checks of {@code mapped} that ran on some targets and were only SKIPPED on others, as
     * "https.redirect (not on api)", in its order: the status says nothing of those targets.
     */
    public List<String> partlyRun(List<String> mapped) {
      List<String> out = new ArrayList<>();
      for (String check : mapped) {
        java.util.Set<String> on = byTarget ? ranHere(check) : ranOn.get(check);
        java.util.Set<String> off = byTarget ? skippedOnly(check) : skippedOn.get(check);
        if (on == null || off == null) {
          continue;
        }
        List<String> only = off.stream().filter(t -> !on.contains(t))
            .map(t -> t.isEmpty() ? "policy-wide" : t).toList();
        if (!only.isEmpty()) {
          out.add(check + " (not on " + String.join(", ", only) + ")");
        }
      }
      return List.copyOf(out);
    }

    /** What each check did on the target added last: the targets it was only skipped on. */
    private void targetEnded() {
      ranHere.forEach((check, ran) -> {
        if (ran) {
          java.util.Set<String> off = skippedOn.get(check);
          if (off != null) {
            off.remove(target);
          }
        } else {
          skippedOn.computeIfAbsent(check, k -> new java.util.TreeSet<>()).add(target);
        }
      });
      ranHere.clear();
    }

    /**
     * By target: the target being added when the check ran there, or no target when it ran on
     * others only; null when it ran nowhere.
     */
    private java.util.Set<String> ranHere(String check) {
      if (Boolean.TRUE.equals(ranHere.get(check))) {
        return java.util.Set.of(target);
      }
      return ran.contains(check) ? java.util.Set.of() : null;
    }

    /** By target: the targets the check was only skipped on, the one being added counted. */
    private java.util.Set<String> skippedOnly(String check) {
      java.util.Set<String> off = skippedOn.get(check);
      Boolean here = ranHere.get(check);
      if (here == null || here) {
        return off;
      }
      java.util.Set<String> with = new java.util.TreeSet<>(off == null ? java.util.Set.of() : off);
      with.add(target);
      return with;
    }

    /** With or without claims mapped to the requirement. */
    public Coverage coverage(boolean claimed) {
      if (observed) {
        return Coverage.AUTOMATED;
      }
      return claimed ? Coverage.ATTESTED : Coverage.MANUAL;
    }

    /**
     * The worst status among the findings that judged something; when none did, the worst of the
     * rest (a row of skips reads SKIPPED). One informational or not-applicable finding beside
     * passing checks no longer turns the row INFO or SKIPPED: it is a note ({@link #asides}).
     */
    public Status status() {
      return judgedWorst != null ? judgedWorst : worst == null ? Status.MANUAL : worst;
    }

    /**
     * What a PASS rests on, "on 1 check: hsts.max_age" or "on 4 checks": a bare PASS over one
     * thin check reads as the requirement met. "" for any other status.
     */
    public String basis() {
      if (status() != Status.PASS || judgedChecks.isEmpty()) {
        return "";
      }
      int n = judgedChecks.size();
      return "on " + n + " " + (n == 1 ? "check" : "checks")
          + (n <= 3 ? ": " + String.join(", ", judgedChecks) : "");
    }

    /**
     * The findings beside the row that are not in its status, "2 not applicable (tls.dh_params);
     * 1 info (tls.grade)", or "" when there are none or the row's status is theirs alone.
     */
    public String asides() {
      if (judgedWorst == null) {
        return "";
      }
      List<String> parts = new ArrayList<>();
      aside.forEach((s, checks) -> parts.add(asideCount.get(s) + " " + s.words() + " ("
          + String.join(", ", checks.stream().limit(3).toList())
          + (checks.size() > 3 ? ", and " + (checks.size() - 3) + " more checks" : "") + ")"));
      return String.join("; ", parts);
    }

    /** The first findings kept, in the scan's order. */
    public List<Finding> first() {
      return List.copyOf(first);
    }

    /** Their places in the scan. */
    public List<Integer> places() {
      return List.copyOf(places);
    }
  }
}
