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
    Answer a = answer("Is TLS 1.2 or higher required?");
    assertThat(a.value()).isEqualTo(Answer.Value.NO);
    assertThat(a.explanation()).contains("asked: minimum TLS version: at least TLS 1.2")
        .contains("transport.https").endsWith("-> No");
    assertThat(a.evidence()).contains("claim transport.https (refuted)")
        .contains("tls.protocols on app at " + AnswerFixture.SCANNED + ": FAIL");
  }

  @Test
  void aCurrentAttestationIsYesWithOwnerAndDate() {
    Answer a = answer("Is customer data encrypted at rest?");
    assertThat(a.value()).isEqualTo(Answer.Value.YES);
    assertThat(a.needsReview()).isFalse();
    // Named by role, when and how long ago; the owner's address stays in the policy and scan.
    assertThat(a.evidence()).contains("attested by CTO on 2026-10-01 (32 days ago)");
    assertThat(a.explanation()).contains("AES-256")
        .contains("attested by CTO on 2026-10-01 (32 days ago), not verified by scan");
    assertThat(a.evidence() + a.explanation() + a.reviewReason()).doesNotContain("@");
    assertThat(a.method()).isEqualTo(MatchMethod.READING);
  }

  @Test
  void aStaleAttestationIsLeftForAPerson() {
    Answer a = answer("Is MFA enforced for every staff account?");
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
  void checksThatDoNotTestTheClaimVerifyNothing() {
    // change.pr_review names https.redirect, which says nothing about code review.
    Answer a = answer("Are code changes reviewed before they are merged?");
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("do not test code review");
  }

  @Test
  void aPassingCheckIsYesWhileTheScanIsRecent() {
    Answer a = answer("Is HTTP redirected to HTTPS?");
    assertThat(a.value()).isEqualTo(Answer.Value.YES);
    assertThat(a.evidence()).contains("https.redirect on app").contains("PASS");

    Answer old = answer("Is HTTP redirected to HTTPS?",
        AnswerFixture.SCANNED.plus(Duration.ofDays(45)));
    assertThat(old.value()).isEqualTo(Answer.Value.NONE);
    assertThat(old.reviewReason()).contains("45 days old");
  }

  @Test
  void naOnlyWhenThePolicySaysItDoesNotApply() {
    Answer a = answer("Do you store payment card data?");
    assertThat(a.value()).isEqualTo(Answer.Value.NA);
    assertThat(a.evidence()).contains("claim payments.no_card_data")
        .contains("attested by the owner named in the policy on 2026-10-01 (32 days ago)")
        .doesNotContain("cto@acme.test");
    Answer later = answer("Do you store payment card data?", Instant.parse("2027-12-01T00:00:00Z"));
    assertThat(later.value()).as("a stale 'does not apply'").isEqualTo(Answer.Value.NONE);
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
