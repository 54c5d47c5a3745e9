package dev.secaudit.questionnaire;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A scan too old to verify anything is told in the unit its age is counted in: a blind review
 * read "verified by a scan 0 days old (max 0d): scan again" for --max-scan-age 0s, which no scan
 * could ever satisfy.
 */
class ScanAgeWordsTest {
  private final QuestionMatcher matcher = new QuestionMatcher(QuestionBank.builtIn());
  private static final String QUESTION = "Is HTTP redirected to HTTPS?";

  private Answer answer(Duration after, Duration maxScanAge) {
    AnswerSource source = new AnswerSource(AnswerFixture.policy().policy(),
        AnswerFixture.scan(AnswerFixture.SCANNED), AnswerFixture.SCANNED.plus(after), maxScanAge);
    return source.answer(matcher.match("", QUESTION), QUESTION);
  }

  @Test
  void aZeroMaximumSaysNoScanCanMeetIt() {
    Answer a = answer(Duration.ofMinutes(3), Duration.ZERO);
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("a scan 3 minutes old")
        .contains("accepts no scan").doesNotContain("0 days").doesNotContain("scan again");
  }

  @Test
  void hoursAreToldAsHoursAndTheMaximumAsWritten() {
    Answer a = answer(Duration.ofHours(5), Duration.ofHours(1));
    assertThat(a.value()).isEqualTo(Answer.Value.NONE);
    assertThat(a.reviewReason()).contains("a scan 5 hours old (max 1h): scan again");
  }

  @Test
  void daysStayDays() {
    Answer a = answer(Duration.ofDays(45), Duration.ofDays(30));
    assertThat(a.reviewReason()).contains("a scan 45 days old (max 30d): scan again");
    assertThat(answer(Duration.ofMinutes(1), Duration.ofDays(30)).value())
        .as("a recent scan still verifies").isEqualTo(Answer.Value.YES);
  }
}
