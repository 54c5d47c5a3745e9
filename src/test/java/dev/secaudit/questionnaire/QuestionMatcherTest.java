package dev.secaudit.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Every matching path, in the order the matcher tries them. */
class QuestionMatcherTest {
  private final QuestionMatcher matcher = new QuestionMatcher(QuestionBank.builtIn());

  @Test
  void caiqIdMatchesFirstAndTheTextPicksAmongQuestionsSharingIt() {
    QuestionMatch atRest = matcher.match("CEK-03.1",
        "Are data at-rest and in-transit cryptographically protected? (customer wording)");
    assertThat(atRest.method()).isEqualTo(MatchMethod.ID);
    assertThat(atRest.question().caiq40()).contains("CEK-03.1");
    assertThat(atRest.confidence()).isEqualTo(0.95);

    QuestionMatch disk = matcher.match("cek-03.1", "Is storage encryption used for databases?");
    assertThat(disk.question().id()).isEqualTo("SQ-ENC-04");
  }

  @Test
  void caiq41IdsUseTheRenamedDomain() {
    QuestionMatch v40 = matcher.match("IVS-05.1", "Environments");
    QuestionMatch v41 = matcher.match("I&S-05.1", "Environments");
    assertThat(v40.method()).isEqualTo(MatchMethod.ID);
    assertThat(v41.question()).isSameAs(v40.question());
  }

  @Test
  void bankIdsMatchToo() {
    assertThat(matcher.match("sq-bak-02", "anything").question().id()).isEqualTo("SQ-BAK-02");
  }

  @Test
  void anUnknownIdFallsBackToTheText() {
    QuestionMatch m = matcher.match("ACME-17", "Are backups of customer data taken regularly?");
    assertThat(m.method()).isEqualTo(MatchMethod.KEYWORDS);
    assertThat(m.question().id()).isEqualTo("SQ-BAK-01");
  }

  @Test
  void keywordsOverNormalisedText() {
    QuestionMatch m = matcher.match("", "  ARE Backups TESTED by restoring them?? ");
    assertThat(m.method()).isEqualTo(MatchMethod.KEYWORDS);
    assertThat(m.question().id()).isEqualTo("SQ-BAK-02");
    assertThat(m.confidence()).isBetween(0.5, 0.9);
  }

  @Test
  void synonymsAreFoldedAndSaidSo() {
    QuestionMatch twoFactor = matcher.match("", "Is two-factor login enforced for admin users?");
    assertThat(twoFactor.method()).isEqualTo(MatchMethod.SYNONYM);
    assertThat(twoFactor.question().id()).isEqualTo("SQ-AUT-01");

    QuestionMatch twoFa = matcher.match("", "Do you require 2FA for staff?");
    assertThat(twoFa.question().id()).isEqualTo("SQ-AUT-01");

    QuestionMatch ssl = matcher.match("", "Is SSL used to protect data?");
    assertThat(ssl.question().id()).isEqualTo("SQ-ENC-01");
    assertThat(ssl.method()).isEqualTo(MatchMethod.SYNONYM);

    QuestionMatch disk = matcher.match("", "Do you use full disk encryption for stored data?");
    assertThat(disk.question().id()).isEqualTo("SQ-ENC-03");
    assertThat(disk.confidence()).isLessThan(matcher.match("", "Is MFA required for admins?")
        .confidence());
  }

  @Test
  void restrictedTopicsGoToAPersonWhateverElseTheyMention() {
    assertThat(matcher.match("", "Have you experienced a data breach in the past 3 years?"))
        .satisfies(m -> {
          assertThat(m.method()).isEqualTo(MatchMethod.RESTRICTED);
          assertThat(m.reviewReason()).contains("breach-history");
        });
    assertThat(matcher.match("", "Do you hold cyber insurance covering data encrypted at rest?")
        .reviewReason()).contains("insurance");
    assertThat(matcher.match("", "Describe any pending litigation.").reviewReason())
        .contains("legal");
    assertThat(matcher.match("", "Do new hires get background checks?").reviewReason())
        .contains("hr");
    assertThat(matcher.match("", "Is there CCTV at the data center?").reviewReason())
        .contains("physical");
    // Notifying a breach is a process question, not breach history.
    assertThat(matcher.match("", "Will you notify customers of a breach within 72 hours?")
        .question().id()).isEqualTo("SQ-INC-02");
  }

  @Test
  void aRestrictedBankQuestionMatchedByIdStillGoesToReview() {
    QuestionMatch m = matcher.match("HRS-01.1", "Personnel screening");
    assertThat(m.method()).isEqualTo(MatchMethod.ID);
    assertThat(m.reviewReason()).contains("hr");
  }

  @Test
  void unmatchedQuestionsSaySo() {
    QuestionMatch m = matcher.match("", "What is the name of your office cat?");
    assertThat(m.method()).isEqualTo(MatchMethod.UNMATCHED);
    assertThat(m.question()).isNull();
    assertThat(m.confidence()).isZero();
    assertThat(m.reviewReason()).isNotEmpty();
  }

  @Test
  void theSameQuestionAlwaysGetsTheSameMatch() {
    QuestionMatcher other = new QuestionMatcher(QuestionBank.builtIn());
    for (QuestionBank.Question q : matcher.bank().questions()) {
      assertThat(other.match("", q.question())).isEqualTo(matcher.match("", q.question()));
    }
  }
}
