package dev.secaudit.check;

import dev.secaudit.model.Counted;
import dev.secaudit.model.Subject;
import dev.secaudit.policy.PolicyPointer;

import dev.secaudit.model.Severity;
import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Claim;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges the policy's claims. A claim with {@code checks} is verified by what those checks found in
 * this scan: it fails when any of them failed, so a page can never claim what the evidence
 * contradicts. A claim nobody can probe is carried as an attestation, never a PASS (nothing was
 * observed): MANUAL while current, FAIL once older than its maximum age or dated in the future, so
 * stale paperwork shows up like any other failed control. Both findings carry the requirements the
 * claim maps to.
 */
public final class ClaimCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("claim.verified",
          "A claim's own checks all passed",
          Severity.MEDIUM,
          "claims",
          "",
          "Fix the failing checks the finding lists, or correct the claim.",
          "secaudit policy claims[].checks"),
      // No fixed mappings: an attestation supports exactly the requirements its claim lists in
      // maps_to, and the framework view attaches it there.
      CheckInfo.of("claim.attestation",
          "An attested claim is current",
          Severity.MEDIUM,
          "claims",
          "",
          "Have the owner re-attest the claim and update its date and"
            + " evidence.",
          "SOC 2: management assertions"));

  /** The ids of the claims' findings, for the catalogue. */
  public List<CheckInfo> reports() {
    return REPORTS;
  }

  /** Findings of policy-wide claims carry this in place of a target name. */
  public static final String POLICY_TARGET = "policy";

  /**
   * @param targetFindings every finding the target checks produced in this scan
   */
  public List<Finding> evaluate(CheckContext ctx, List<Finding> targetFindings) {
    List<Finding> out = new ArrayList<>();
    List<Claim> claims = ctx.policy().claims();
    LocalDate today = LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC);
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      if (!c.checks().isEmpty()) {
        out.add(verified(ctx, c, i, targetFindings).withMappings(c.mapsTo()));
      }
      Claim.Attestation a = c.attest();
      if (a == null) {
        continue;
      }
      String pointer = PolicyPointer.entry(PolicyPointer.CLAIMS, i) + "/attest";
      LocalDate date = LocalDate.parse(a.date());
      long ageDays = ChronoUnit.DAYS.between(date, today);
      long maxDays = a.maxAge().value().toDays();
      String expected = "attested within " + a.maxAge() + " (by " + a.owner() + ")";
      Status status;
      String observed;
      if (ageDays < 0) {
        status = Status.FAIL;
        observed = "attestation dated " + a.date() + ", in the future";
      } else if (ageDays > maxDays) {
        status = Status.FAIL;
        observed = "attested " + a.date() + " by " + a.owner() + ", " + ageDays
            + " days ago: stale";
      } else {
        status = Status.MANUAL;
        observed = "attested " + a.date() + " by " + a.owner() + " (" + ageDays + " days ago)";
      }
      if (!a.evidence().isEmpty()) {
        observed += "; evidence: " + String.join(", ", a.evidence());
      }
      // Evidence links are the owner's documents, not recorded artifacts: they stay in the text
      // (and in the claim record) so evidence ids always name artifacts of this run.
      out.add(ctx.finding("claim.attestation").about(new Subject(Subject.Kind.CLAIM, c.id()))
          .status(status).expected(expected).observed(observed).rule(pointer)
          .mappings(c.mapsTo()).build());
    }
    return out;
  }

  private static Finding verified(CheckContext ctx, Claim c, int index,
      List<Finding> all) {
    List<Finding> matched = new ArrayList<>();
    for (Finding f : all) {
      for (String glob : c.checks()) {
        if (dev.secaudit.policy.Globs.matches(glob, f.checkId())) {
          matched.add(f);
          break;
        }
      }
    }
    java.util.Map<Status, Integer> counts = new java.util.EnumMap<>(Status.class);
    java.util.Set<String> evidence = new java.util.LinkedHashSet<>();
    List<String> failing = new ArrayList<>();
    for (Finding f : matched) {
      counts.merge(f.status(), 1, Integer::sum);
      evidence.addAll(f.evidence());
      if (f.status() == Status.FAIL || f.status() == Status.ERROR) {
        failing.add(f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]")
            + " on " + f.target());
      }
    }
    int judged = matched.size() - counts.getOrDefault(Status.SKIPPED, 0)
        - counts.getOrDefault(Status.INFO, 0);
    Status status;
    if (judged <= 0) {
      status = Status.WARN;
    } else if (counts.containsKey(Status.FAIL)) {
      status = Status.FAIL;
    } else if (counts.containsKey(Status.ERROR)) {
      status = Status.ERROR;
    } else if (counts.containsKey(Status.WARN)) {
      status = Status.WARN;
    } else {
      status = Status.PASS;
    }
    String observed = judged <= 0 ? "no finding of " + String.join(", ", c.checks())
        + " was judged in this scan, so nothing verifies the claim"
        : Counted.of(matched.size(), "finding") + " of " + String.join(", ", c.checks()) + ": " + summary(counts)
            + (failing.isEmpty() ? "" : "; failing: " + String.join("; ",
                failing.subList(0, Math.min(5, failing.size())))
                + (failing.size() > 5 ? "; and " + (failing.size() - 5) + " more" : ""));
    return ctx.finding("claim.verified").about(new Subject(Subject.Kind.CLAIM, c.id()))
        .status(status).expected("every finding of " + String.join(", ", c.checks())
            + " passes").observed(observed).evidence(List.copyOf(evidence))
        .rule(PolicyPointer.entry(PolicyPointer.CLAIMS, index) + "/checks").build();
  }

  private static String summary(java.util.Map<Status, Integer> counts) {
    List<String> parts = new ArrayList<>();
    counts.forEach((s, n) -> parts.add(n + " " + s.name().toLowerCase(java.util.Locale.ROOT)));
    return String.join(", ", parts);
  }
}
