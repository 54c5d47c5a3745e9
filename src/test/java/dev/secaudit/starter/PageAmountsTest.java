package dev.secaudit.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.claim.Quantity;
import dev.secaudit.policy.RateLimit;
import org.junit.jupiter.api.Test;

/**
 * A page's rate limit becomes a rule over the window the page stated, and only when one probe
 * may show it: a rule it could not send would make init write a policy that fails validation.
 */
class PageAmountsTest {
  private static Quantity perWindow(double count, double seconds) {
    return new Quantity(count / seconds, Quantity.Unit.PER_SECOND, Quantity.Comparison.AT_MOST,
        seconds);
  }

  @Test
  void theStatedWindowIsKept() {
    assertThat(PageAmounts.window(perWindow(200, 3600))).containsExactly(200, 3600);
    assertThat(PageAmounts.window(perWindow(10, 60))).containsExactly(10, 60);
    // Not 1 per second: a limiter of 60 a minute lets a burst of 60 through.
    assertThat(PageAmounts.window(perWindow(60, 60))).containsExactly(60, 60);
  }

  @Test
  void aLimitNoProbeMayShowMakesNoRule() {
    int most = RateLimit.MAX_REQUESTS - RateLimit.MARGIN;
    assertThat(PageAmounts.window(perWindow(most, 3600))).containsExactly(most, 3600);
    assertThat(PageAmounts.window(perWindow(most + 1, 3600))).isNull();
    // Before, 1,000 an hour became 17 a minute, a limit the page never stated.
    assertThat(PageAmounts.window(perWindow(1000, 3600))).isNull();
  }

  @Test
  void everyRateOfASentenceIsRead() {
    var rates = PageAmounts.rates("Worker requests are rate-limited per user (200/hour on the AI"
        + " endpoint, 30/hour on auth registration) using KV-backed counters.");
    assertThat(rates).hasSize(2);
    assertThat(rates.get(0)).containsExactly(200, 3600);
    assertThat(rates.get(1)).containsExactly(30, 3600);
    assertThat(PageAmounts.rates("Read operations: 1,000 requests per minute")).singleElement()
        .satisfies(r -> assertThat(r).containsExactly(1000, 60));
    assertThat(PageAmounts.rates("Sessions last 30 days.")).isEmpty();
  }
}
