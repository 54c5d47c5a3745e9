package dev.secaudit.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The budget's answers, on budgets far from their end (or already past it): no clock races. */
class TargetBudgetTest {
  @Test
  void aBudgetNotReachedAdmitsAndCountsEveryRequest() {
    TargetBudget budget = TargetBudget.start(Duration.ofHours(1), "1h");
    assertThat(budget.admit()).isNull();
    assertThat(budget.admit()).isNull();
    assertThat(budget.affords(Duration.ofSeconds(31))).isTrue();
    assertThat(budget.spent()).isNull();
  }

  @Test
  void aSpentBudgetRefusesWithTheSameReasonEveryTime() {
    TargetBudget budget = TargetBudget.start(Duration.ofMillis(-1), "2s");
    String first = budget.admit();
    assertThat(first).isEqualTo("target time budget of 2s spent before its first request or hello was sent"
        + " (waiting for a connection to the host, or for this machine)"
        + " (settings.timeouts.target); not sent");
    assertThat(budget.admit()).isEqualTo(first);
    assertThat(budget.spent())
        .isEqualTo("target time budget of 2s spent before its first request or hello was sent"
            + " (waiting for a connection to the host, or for this machine)"
            + " (settings.timeouts.target)");
    assertThat(budget.affords(Duration.ofSeconds(1))).isFalse();
  }

  @Test
  void aWaitThatWouldOutlastTheBudgetSpendsItNow() {
    TargetBudget budget = TargetBudget.start(Duration.ofHours(1), "1h");
    assertThat(budget.admit()).isNull();
    assertThat(budget.affords(Duration.ofHours(2))).isFalse();
    assertThat(budget.admit()).isEqualTo("target time budget of 1h would run out during a"
        + " 7200s wait, after 1 request or hello (settings.timeouts.target); not sent");
  }
}
