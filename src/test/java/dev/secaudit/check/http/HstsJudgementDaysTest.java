package dev.secaudit.check.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A max-age is shown in a unit that says how long it is, never as "0.0 days" (reports25). */
class HstsJudgementDaysTest {
  @Test
  void aShortMaxAgeIsShownInMinutesOrSeconds() {
    assertThat(HstsJudgement.days(300)).isEqualTo("5 minutes");
    assertThat(HstsJudgement.days(60)).isEqualTo("1 minute");
    assertThat(HstsJudgement.days(59)).isEqualTo("59 seconds");
    assertThat(HstsJudgement.days(8_639)).isEqualTo("8639 seconds");
    assertThat(HstsJudgement.days(8_640)).isEqualTo("0.1 days");
    assertThat(HstsJudgement.days(0)).isEqualTo("0 days");
    assertThat(HstsJudgement.days(86_400)).isEqualTo("1 day");
    for (long s = 1; s < 200_000; s += 37) {
      assertThat(HstsJudgement.days(s)).as(s + " s").doesNotStartWith("0.0");
    }
  }
}
