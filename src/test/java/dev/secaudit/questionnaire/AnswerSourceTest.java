package dev.secaudit.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnswerSourceTest {
  private final QuestionMatcher matcher = new QuestionMatcher(QuestionBank.builtIn());

  private Answer answer(String question, Instant now) {
    AnswerSource source = new AnswerSource(AnswerFixture.policy().policy(),
        AnswerFixture.scan(AnswerFixture.SCANNED), now, Duration.ofDays(30));
    return source.answer(matcher.match("", question), question);
  }

  private Answer answer(String question) {
    return answer(question, AnswerFixture.ANSWERED);
  }

  @Test
  void aFailedClaimIsNeverYes() {
    Answer a = answer("Is all data encrypted in transit using TLS?");
    assertThat(a.value()).isEqualTo(Answer.Value.NO);
    assertThat(a.reviewReason()).contains("transport.https failed").contains("TLS 1.0 offered");
    assertThat(a.evidence()).contains("claim.verified [transport.https] on policy at "
        + AnswerFixture.SCANNED + ": FAIL");
    assertThat(a.explanation()).isEqualTo("All traffic is encrypted with TLS 1.2 or newer.");
  }

  @Test
  void aCurrentAttestationIsYesWithOwnerAndDate() {
    Answer a = answer("Is customer data encrypted at rest?");
    assertThat(a.value()).isEqualTo(Answer.Value.YES);
    assertThat(a.needsReview()).isFalse();
    assertThat(a.evidence()).contains("attested by cto@acme.test on 2026-10-01");
    assertThat(a.explanation()).contains("AES-256");
    assertThat(a.method()).isEqualTo(MatchMethod.KEYWORDS);
  }

  @Test
  void aStaleAttestationIsLeftForAPerson() {
    Answer a = answer("Is MFA enforced for administrator accounts?");
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("access.mfa attestation is stale");
  }

  @Test
  void anAttestationThatWentStaleSinceTheScanIsNotYes() {
    Answer a = answer("Is customer data encrypted at rest?", Instant.parse("2027-10-05T00:00:00Z"));
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("stale");
  }

  @Test
  void aPassingVerifiedClaimIsYesWhileTheScanIsRecent() {
    Answer a = answer("Are code changes reviewed before they are merged?");
    assertThat(a.value()).isEqualTo(Answer.Value.YES);
    assertThat(a.evidence()).contains("claim.verified [change.pr_review]").contains("PASS");

    Answer old = answer("Are code changes reviewed before they are merged?",
        AnswerFixture.SCANNED.plus(Duration.ofDays(45)));
    assertThat(old.value()).isEqualTo(Answer.Value.NONE);
    assertThat(old.reviewReason()).contains("45 days old");
  }

  @Test
  void naOnlyWhenThePolicySaysItDoesNotApply() {
    Answer a = answer("Is payment card data stored by you or by a PCI-compliant provider?");
    assertThat(a.value()).isEqualTo(Answer.Value.NA);
    assertThat(a.explanation()).contains("Stripe");
    assertThat(a.evidence()).contains("attested by cto@acme.test on 2026-10-01");
    Answer later = answer("Is payment card data stored by you or by a PCI-compliant provider?",
        Instant.parse("2027-12-01T00:00:00Z"));
    assertThat(later.value()).as("a stale 'does not apply'").isEqualTo(Answer.Value.NONE);
  }

  @Test
  void withoutAClaimTheChecksAnswer() {
    Answer a = answer("Do you send a Content Security Policy?");
    assertThat(a.value()).isEqualTo(Answer.Value.YES);
    assertThat(a.evidence()).contains("csp.unsafe_inline [script-src] on app").contains("PASS");
  }

  @Test
  void withNeitherClaimNorCheckAPersonAnswers() {
    Answer a = answer("Do you run regular penetration tests?");
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("no claim");
  }

  @Test
  void restrictedAndUnmatchedQuestionsCarryNoAnswer() {
    assertThat(answer("Have you suffered a security breach in the last five years?").value())
        .isEqualTo(Answer.Value.NONE);
    Answer u = answer("What is the name of your office cat?");
    assertThat(u.value()).isEqualTo(Answer.Value.NONE);
    assertThat(u.method()).isEqualTo(MatchMethod.UNMATCHED);
  }
}
