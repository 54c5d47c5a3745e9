package dev.secaudit.claim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A claim on a rule's pointer is judged by the checks behind what its statement states
 * (founder24 finding 4): the rule's other failures are named beside the verdict and still fail
 * as their own findings; a statement that states nothing the rule's checks decide keeps them all.
 */
class StatedChecksTest {
  private static final ClaimCorpusTest.Scanned SCANNED = scan();

  private static ClaimCorpusTest.Scanned scan() {
    return scan("statedrule");
  }

  private static ClaimCorpusTest.Scanned scan(String fixture) {
    try {
      return ClaimCorpusTest.scanned(ClaimCorpusTest.fixtures().get(fixture));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Finding claim(String id) {
    return claim(SCANNED, id);
  }

  private static Finding claim(ClaimCorpusTest.Scanned scanned, String id) {
    return scanned.scan().findings().stream().filter(f -> f.checkId().equals("claim.verified")
        && f.subject().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void aRateLimitClaimIsNotRefutedByARetryAfterItNeverStates() {
    // "At the request level" speaks of more than the login the rule probes: not refuted, and
    // not verified either, for that reason alone.
    Finding f = claim("limited");
    assertThat(f.status()).as(f.observed()).isEqualTo(Status.WARN);
    assertThat(f.observed()).contains("beside it: Retry-After on rate-limited responses"
        + " (ratelimit.retry_after on site failed: 429 without Retry-After): not part of this"
        + " claim, which states rate limiting").doesNotContain("on the same topic");
    // The Retry-After failure stays a finding of its own, and fails.
    assertThat(SCANNED.scan().findings()).anyMatch(x -> x.checkId()
        .equals("ratelimit.retry_after") && x.status() == Status.FAIL);
    assertThat(evidence(SCANNED).verdictWord("limited")).isEqualTo("unverified");
  }

  @Test
  void aBareRateLimitClaimIsJudgedByTheRulesOwnLimit() {
    // "We rate limit login attempts" points at the login rule: its burst refused verifies it;
    // a burst let through refutes it, Retry-After set aside or not.
    Finding f = claim("bare");
    assertThat(f.status()).as(f.observed()).isEqualTo(Status.PASS);
    assertThat(evidence(SCANNED).verdictWord("bare")).isEqualTo("verified");
    assertThat(claim(scan("statedrulefailed"), "bare").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aStatementStatingNothingTheRuleDecidesKeepsEveryCheck() {
    Finding f = claim("vague");
    assertThat(f.status()).as(f.observed()).isEqualTo(Status.FAIL);
    assertThat(f.observed()).doesNotContain("not part of this claim");
  }

  @Test
  void aStatementOfRetryAfterIsRefutedByIt() {
    assertThat(claim("retry").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void checksListedByIdDecideTheClaimAsListed() {
    assertThat(claim(scan("statedrulefailed"), "by_id").status()).isEqualTo(Status.FAIL);
  }

  @Test
  void aCookieRulesOtherFlagIsNamedBesideTheFlagStated() {
    Finding f = claim("secure");
    assertThat(f.status()).as(f.observed()).isNotEqualTo(Status.FAIL);
    assertThat(f.observed()).contains("cookie.http_only on site failed")
        .contains("not part of this claim");
  }

  @Test
  void answersNameWhatWasSetAside() {
    var v = new Verification(SCANNED.policy(), evidence(SCANNED));
    List<Claim> parts = v.parts("bare");
    assertThat(parts).allMatch(p -> p.standing() == Standing.VERIFIED);
    assertThat(parts.get(0).why()).contains("beside it: Retry-After");
  }

  private static ClaimEvidence evidence(ClaimCorpusTest.Scanned s) {
    return new ClaimEvidence(s.scan(), s.scan().run().finished(), java.time.Duration.ofDays(30));
  }
}
