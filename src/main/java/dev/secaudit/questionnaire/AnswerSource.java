package dev.secaudit.questionnaire;

import dev.secaudit.model.Finding;
import dev.secaudit.model.ScanResult;
import dev.secaudit.model.Status;
import dev.secaudit.policy.Globs;
import dev.secaudit.policy.Policy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Answers matched questions from the policy's claims and the latest scan. The rule that matters:
 * "Yes" only from evidence that is current and passing. A claim whose check failed answers "No"
 * (flagged for review, since the page says otherwise); one that errored, went stale or was not in
 * the scan is left for a person with the reason. Only a claim can say "Yes": the policy's own
 * sections answer through their check findings the same way.
 */
public final class AnswerSource {
  private final Policy policy;
  private final ScanResult scan;
  private final Instant now;
  private final Duration maxScanAge;
  private final java.util.Map<String, java.util.regex.Pattern> globs = new java.util.HashMap<>();

  /**
   * @param maxScanAge a scan older than this verifies nothing any more
   */
  public AnswerSource(Policy policy, ScanResult scan, Instant now, Duration maxScanAge) {
    this.policy = policy;
    this.scan = scan;
    this.now = now;
    this.maxScanAge = maxScanAge;
  }

  public Answer answer(QuestionMatch match) {
    QuestionBank.Question q = match.question();
    if (q == null || !match.reviewReason().isEmpty()) {
      return new Answer(Answer.Value.NONE, q == null ? "" : q.id(), "", "", match.method(),
          match.confidence(), match.reviewReason());
    }
    List<Policy.Claim> claims = new ArrayList<>();
    for (Policy.Claim c : policy.claims()) {
      if (q.claims().stream().anyMatch(g -> globMatches(g, c.id()))) {
        claims.add(c);
      }
    }
    List<Policy.Claim> applicable = claims.stream().filter(Policy.Claim::applies).toList();
    if (!applicable.isEmpty()) {
      return fromClaims(match, applicable);
    }
    if (!claims.isEmpty()) {
      return notApplicable(match, claims);
    }
    List<Finding> checked = scan.findings().stream()
        .filter(f -> !f.checkId().startsWith("claim."))
        .filter(f -> q.checks().stream().anyMatch(g -> globMatches(g, f.checkId())))
        .toList();
    if (!q.checks().isEmpty() && !checked.isEmpty()) {
      return fromChecks(match, checked);
    }
    return new Answer(Answer.Value.NONE, q.id(), "", "", match.method(), match.confidence(),
        "the policy makes no claim on this (" + q.topic() + "; claim ids "
            + String.join(", ", q.claims()) + "): add one or answer by hand");
  }

  /**
   * Where one claim stands on the latest evidence, for answers and for the security page alike.
   *
   * @param evidence what backs it: the claim's findings and the attestation
   * @param failed why the evidence contradicts it (empty when nothing failed)
   * @param unsure why it is neither contradicted nor supported: errors, staleness, absence
   * @param verified the claim.verified finding, or null when the claim has no checks or none ran
   * @param checkIds the checks behind it, in the scan's order
   */
  public record ClaimVerdict(Policy.Claim claim, List<String> evidence, List<String> failed,
      List<String> unsure, Finding verified, List<String> checkIds) {
    /** Current and passing: the only standing a claim can be stated or answered "Yes" from. */
    public boolean stands() {
      return failed.isEmpty() && unsure.isEmpty();
    }
  }

  public ClaimVerdict judge(Policy.Claim c) {
    List<String> evidence = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> unsure = new ArrayList<>();
    Set<String> checkIds = new LinkedHashSet<>();
    Finding verified = null;
    String scanAge = scanTooOld();
    boolean judged = false;
    if (!c.checks().isEmpty()) {
      judged = true;
      Finding f = claimFinding("claim.verified", c.id());
      verified = f;
      if (f == null) {
        unsure.add(c.id() + " is not in the scan: scan again");
      } else {
        evidence.add(describe(f));
        List<Finding> behind = scan.findings().stream()
            .filter(t -> !t.checkId().startsWith("claim."))
            .filter(t -> c.checks().stream().anyMatch(g -> globMatches(g, t.checkId())))
            .toList();
        behind.forEach(t -> checkIds.add(t.checkId()));
        behind.stream().limit(5).forEach(t -> evidence.add(describe(t)));
        if (f.status() == Status.FAIL) {
          // The reviewer needs what was observed, not only that something failed.
          List<String> why = behind.stream()
              .filter(t -> t.status() == Status.FAIL || t.status() == Status.ERROR)
              .limit(3)
              .map(t -> t.checkId() + " on " + t.target() + ": " + t.observed())
              .toList();
          failed.add(c.id() + " failed its checks"
              + (why.isEmpty() ? ": " + f.observed() : " (" + String.join("; ", why) + ")"));
        } else if (f.status() != Status.PASS) {
          unsure.add(c.id() + " is " + f.status().name().toLowerCase(java.util.Locale.ROOT)
              + " in the scan: " + f.observed());
        } else if (scanAge != null) {
          unsure.add(c.id() + " was verified by " + scanAge);
        }
      }
    }
    Policy.Attestation a = c.attest();
    if (a != null) {
      judged = true;
      evidence.add("attested by " + a.owner() + " on " + a.date() + " (current for "
          + a.maxAge() + ")" + (a.evidence().isEmpty() ? "" : "; " + String.join(", ",
              a.evidence())));
      Finding f = claimFinding("claim.attestation", c.id());
      String stale = staleToday(a);
      if (f == null) {
        unsure.add(c.id() + " attestation is not in the scan: scan again");
      } else if (f.status() == Status.FAIL) {
        unsure.add(c.id() + " attestation is stale: " + f.observed());
      } else if (f.status() != Status.MANUAL) {
        unsure.add(c.id() + " attestation is " + f.status().name().toLowerCase(
            java.util.Locale.ROOT) + " in the scan");
      } else if (stale != null) {
        unsure.add(c.id() + " attestation " + stale);
      }
    }
    if (!judged) {
      unsure.add(c.id() + " has neither checks nor an attestation");
    }
    return new ClaimVerdict(c, List.copyOf(evidence), List.copyOf(failed), List.copyOf(unsure),
        verified, List.copyOf(checkIds));
  }

  private Answer fromClaims(QuestionMatch match, List<Policy.Claim> claims) {
    List<String> statements = new ArrayList<>();
    List<String> evidence = new ArrayList<>();
    List<String> failed = new ArrayList<>();
    List<String> unsure = new ArrayList<>();
    for (Policy.Claim c : claims) {
      statements.add(c.statement());
      ClaimVerdict v = judge(c);
      evidence.addAll(v.evidence());
      failed.addAll(v.failed());
      unsure.addAll(v.unsure());
    }
    String explanation = String.join(" ", statements);
    String ev = String.join("; ", evidence);
    if (!failed.isEmpty()) {
      return new Answer(Answer.Value.NO, match.question().id(), explanation, ev, match.method(),
          match.confidence(), "the evidence contradicts the claim: " + String.join("; ", failed));
    }
    if (!unsure.isEmpty()) {
      return new Answer(Answer.Value.NONE, match.question().id(), explanation, ev, match.method(),
          match.confidence(), String.join("; ", unsure));
    }
    return new Answer(Answer.Value.YES, match.question().id(), explanation, ev, match.method(),
        match.confidence(), "");
  }

  /** NA is a claim like any other: an owner says so, and it goes stale like an attestation. */
  private Answer notApplicable(QuestionMatch match, List<Policy.Claim> claims) {
    Answer asClaims = fromClaims(match, claims);
    if (asClaims.value() != Answer.Value.YES) {
      return asClaims;
    }
    return new Answer(Answer.Value.NA, asClaims.bankId(), asClaims.explanation(),
        asClaims.evidence(), asClaims.method(), asClaims.confidence(), "");
  }

  private Answer fromChecks(QuestionMatch match, List<Finding> findings) {
    Set<String> ids = new LinkedHashSet<>();
    List<String> evidence = new ArrayList<>();
    // Several paths of one target often fail the same way: say it once.
    Set<String> failed = new LinkedHashSet<>();
    Set<String> unsure = new LinkedHashSet<>();
    int passed = 0;
    for (Finding f : findings) {
      ids.add(f.checkId());
      evidence.add(describe(f));
      switch (f.status()) {
        case PASS -> passed++;
        case FAIL -> failed.add(f.checkId() + " on " + f.target() + ": " + f.observed());
        case SKIPPED, INFO -> { }
        default -> unsure.add(f.checkId() + " on " + f.target() + " is "
            + f.status().name().toLowerCase(java.util.Locale.ROOT));
      }
    }
    String scanAge = scanTooOld();
    if (scanAge != null) {
      unsure.add("verified by " + scanAge);
    }
    if (passed == 0 && failed.isEmpty()) {
      unsure.add("no finding of " + String.join(", ", match.question().checks()) + " was judged");
    }
    String explanation = "Checked by secaudit against the live endpoints ("
        + String.join(", ", ids) + ").";
    String ev = String.join("; ", evidence.subList(0, Math.min(5, evidence.size())))
        + (evidence.size() > 5 ? "; and " + (evidence.size() - 5) + " more" : "");
    Answer.Value value = !failed.isEmpty() ? Answer.Value.NO
        : unsure.isEmpty() ? Answer.Value.YES : Answer.Value.NONE;
    String reason = !failed.isEmpty() ? "a check failed: " + String.join("; ", failed)
        : String.join("; ", unsure);
    return new Answer(value, match.question().id(), explanation, ev, match.method(),
        match.confidence(), reason);
  }

  /** Globs compiled once per run: a sheet asks hundreds of questions over the same findings. */
  private boolean globMatches(String glob, String value) {
    return globs.computeIfAbsent(glob, g -> java.util.regex.Pattern.compile(Globs.toRegex(g)))
        .matcher(value).matches();
  }

  private Finding claimFinding(String checkId, String claimId) {
    for (Finding f : scan.findings()) {
      if (f.checkId().equals(checkId) && f.subject().equals(claimId)) {
        return f;
      }
    }
    return null;
  }

  private static String describe(Finding f) {
    return f.checkId() + (f.subject().isEmpty() ? "" : " [" + f.subject() + "]") + " on "
        + f.target() + " at " + f.time() + ": " + f.status();
  }

  /** Attestations age after the scan too: judged against today, not the scan's day. */
  private String staleToday(Policy.Attestation a) {
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    long age = ChronoUnit.DAYS.between(LocalDate.parse(a.date()), today);
    return age > a.maxAge().value().toDays() ? "has gone stale since the scan (" + age
        + " days old, max " + a.maxAge() + ")" : null;
  }

  /** Why the scan is too old to verify anything, or null while it is recent enough. */
  String scanTooOld() {
    Instant started = scan.run() == null ? null : scan.run().started();
    if (started == null) {
      return "a scan without a start time";
    }
    Duration age = Duration.between(started, now);
    return age.compareTo(maxScanAge) > 0 ? "a scan " + age.toDays() + " days old (max "
        + maxScanAge.toDays() + "d): scan again" : null;
  }
}
