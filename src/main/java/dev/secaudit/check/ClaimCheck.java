package dev.secaudit.check;

import dev.secaudit.claim.ChecksOutcome;
import dev.secaudit.claim.ClaimEvidence;
import dev.secaudit.claim.SentenceReader;
import dev.secaudit.claim.StatedChecks;
import dev.secaudit.claim.Verification;
import dev.secaudit.claim.Vocabulary;
import dev.secaudit.model.Finding;
import dev.secaudit.model.RunInfo;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Severity;
import dev.secaudit.model.Status;
import dev.secaudit.model.Subject;
import dev.secaudit.model.TargetState;
import dev.secaudit.policy.Claim;
import dev.secaudit.policy.ClaimChecks;
import dev.secaudit.policy.PolicyPointer;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the policy's claims. A claim with {@code checks} is verified by what those checks found in
 * this scan: it fails when any of them failed, so a page can never claim what the evidence
 * contradicts, and it passes only when every check it lists ran and passed and what it says is
 * verified by them, as an answer and the page weigh it (claim.Verification): one rule, so the
 * scan's Claims table never calls verified what the page withholds. A claim nobody can probe is carried as an attestation, never a PASS (nothing was
 * observed): MANUAL while current, FAIL once older than its maximum age or dated in the future, so
 * stale paperwork shows up like any other failed control. Both findings carry the requirements the
 * claim maps to.
 */
public final class ClaimCheck {
  /** The ids this check reports: what each verifies, how to fix a failure, where it comes from. */
  private static final List<CheckInfo> REPORTS = List.of(
      CheckInfo.of("claim.verified",
          "A claim is verified by its own checks",
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
  public static final String POLICY_TARGET = dev.secaudit.model.ScanResult.POLICY_TARGET;

  /**
   * @param targetFindings every finding the target checks produced in this scan
   */
  public List<Finding> evaluate(CheckContext ctx, List<Finding> targetFindings) {
    return evaluate(ctx, targetFindings, List.of());
  }

  /**
   * @param targetFindings every finding the target checks produced in this scan
   * @param targets the scan's targets and sources: a claim "on every endpoint" is weighed
   *     against the endpoints its checks saw
   */
  public List<Finding> evaluate(CheckContext ctx, List<Finding> targetFindings,
      List<TargetState> targets) {
    return evaluate(ctx, targetFindings, targets, null);
  }

  /**
   * @param targets the whole population, this shard's part as scanned and the others' EXCLUDED
   *     as scanned by another shard: no claim is verified over those
   * @param shard this run's part ({@code scan --shard}), named where a claim says it holds only
   *     its part; null for a whole run or a merge
   */
  public List<Finding> evaluate(CheckContext ctx, List<Finding> targetFindings,
      List<TargetState> targets, RunInfo.ShardPart shard) {
    List<Finding> out = new ArrayList<>();
    List<Claim> claims = ctx.policy().claims();
    LocalDate today = LocalDate.ofInstant(ctx.now(), ZoneOffset.UTC);
    SentenceReader reader = new SentenceReader(Vocabulary.builtIn());
    for (int i = 0; i < claims.size(); i++) {
      Claim c = claims.get(i);
      if (!c.checks().isEmpty()) {
        out.add(verified(ctx, c, i, targetFindings, reader).withMappings(c.mapsTo()));
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
    return weighed(ctx, targetFindings, targets, shard, out);
  }

  /**
   * The claims whose checks all passed, weighed as an answer and the page weigh them: a PASS
   * only when what the claim says is verified (Verification), otherwise a WARN that says why;
   * and the current attestations, a FAIL where the scan refutes what they say. Their words are
   * weighed over the members that have evidence here; those only another shard (or a merge
   * missing it) has are named by {@link #notWhole}, once, and verify nothing.
   */
  private static List<Finding> weighed(CheckContext ctx, List<Finding> targetFindings,
      List<TargetState> targets, RunInfo.ShardPart shard, List<Finding> own) {
    List<TargetState> elsewhere = TargetState.withoutEvidence(targets).stream()
        .filter(t -> t.otherShards() || t.notMerged()).toList();
    List<Finding> out = new ArrayList<>();
    if (own.stream().noneMatch(f -> f.status() == Status.PASS
        && f.checkId().equals("claim.verified") || f.status() == Status.MANUAL)) {
      own.forEach(f -> out.add(notWhole(f, elsewhere, shard)));
      return out;
    }
    List<Finding> all = new ArrayList<>(targetFindings);
    all.addAll(own);
    RunInfo run = new RunInfo("claims", "secaudit", "", ctx.now(), ctx.now(), "",
        ctx.policy().name(), "", List.of(), "", List.of());
    // The scan as it stands so far, judged as of its own time: nothing in it is stale yet.
    Verification verification = new Verification(ctx.policy(), new ClaimEvidence(
        new ScanResult(ScanResult.SCHEMA, run, targets.stream()
            .filter(t -> !elsewhere.contains(t)).toList(), all, List.of(), List.of()),
        ctx.now(), java.time.Duration.ofDays(36_500)));
    Map<String, Claim> byId = new HashMap<>();
    ctx.policy().claims().forEach(c -> byId.putIfAbsent(c.id(), c));
    for (Finding f : own) {
      if (f.status() == Status.MANUAL) {
        // A current attestation of what this scan's own checks refute is no current control:
        // the report must say what answers and the page say of it.
        String against = verification.refutes(f.subject());
        out.add(against.isEmpty() ? f : f.withStatus(Status.FAIL)
            .withNote("refuted by the scan: " + against));
        continue;
      }
      String why = f.checkId().equals("claim.verified") && f.status() == Status.PASS
          ? verification.whyNotVerified(byId.get(f.subject())) : "";
      out.add(notWhole(why.isEmpty() ? f : f.withStatus(Status.WARN)
          .withNote("its checks passed, but the claim is not verified: " + why), elsewhere,
          shard));
    }
    return out;
  }

  /**
   * A claim not refuted over a population of which only another shard, or a merge with the
   * shard that was missing, holds some members: never verified, and those members named.
   */
  private static Finding notWhole(Finding f, List<TargetState> elsewhere,
      RunInfo.ShardPart shard) {
    if (elsewhere.isEmpty() || !f.checkId().equals("claim.verified")
        || f.status() != Status.PASS && f.status() != Status.WARN) {
      return f;
    }
    List<String> notMerged = elsewhere.stream().filter(TargetState::notMerged)
        .map(TargetState::name).toList();
    List<TargetState> others = elsewhere.stream().filter(TargetState::otherShards).toList();
    List<String> notes = new ArrayList<>();
    if (!notMerged.isEmpty()) {
      notes.add(notMerged.size() + " target(s) were not scanned, their shard was not merged: "
          + ClaimEvidence.names(notMerged));
    }
    if (!others.isEmpty()) {
      notes.add(ClaimEvidence.otherShards(others, shard));
    }
    return f.withStatus(Status.WARN).withNote("not verified over the whole population: "
        + String.join("; ", notes));
  }

  private static Finding verified(CheckContext ctx, Claim c, int index,
      List<Finding> all, SentenceReader reader) {
    List<Finding> matched = all.stream().filter(f -> !f.checkId().startsWith("claim."))
        .filter(ClaimChecks.anyOf(c.checks()))
        .toList();
    Set<String> evidence = new LinkedHashSet<>();
    matched.forEach(f -> evidence.addAll(f.evidence()));
    // A rule's findings of what the statement does not state are named, not weighed.
    StatedChecks stated = StatedChecks.of(c, matched, reader, Vocabulary.builtIn());
    ChecksOutcome outcome = ChecksOutcome.of(c.checks(), stated.weighed());
    String observed = outcome.observed();
    if (!stated.hygieneFailed().isEmpty()) {
      observed += "; a person decides: " + stated.hygieneFailed() + " failed, which tests what"
          + " it states without deciding it";
    }
    if (!stated.beside().isEmpty()) {
      observed += "; beside it: " + String.join("; ", stated.beside());
    }
    return ctx.finding("claim.verified").about(new Subject(Subject.Kind.CLAIM, c.id()))
        .status(outcome.status()).expected("every finding of " + String.join(", ", c.checks())
            + " passes, and they verify what the claim says").observed(observed)
        .evidence(List.copyOf(evidence))
        .rule(PolicyPointer.entry(PolicyPointer.CLAIMS, index) + "/checks").build();
  }
}
