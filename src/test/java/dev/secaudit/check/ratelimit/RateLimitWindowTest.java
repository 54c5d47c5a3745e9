package dev.secaudit.check.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.RateLimitProbe;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ratelimit.window against real limiters on loopback, with real time: a burst cannot tell a limit
 * of 5 per second from one of 5 per hour, and the window watch (observe_window) can. Windows of a
 * few seconds keep the watch short.
 */
class RateLimitWindowTest {
  private static ProbedRateLimit run(SlidingLimiter server, String limit) {
    return ProbedRateLimit.of(server.url(), "{name: login, target: api, request: {method: POST,"
        + " path: /login, body: 'user=probe&password=wrong'}, " + limit + "}",
        RateLimitProbe.Sleeper.real());
  }

  @Test
  void aBurstDoesNotShowTheWindowAndSaysSo() throws Exception {
    try (SlidingLimiter perSecond = new SlidingLimiter(5, 1000)) {
      ProbedRateLimit r = run(perSecond, "limit: 5, window: 1h");

      // The burst is refused at the sixth attempt, as a limit of 5 per hour would refuse it.
      Finding enforced = r.finding("ratelimit.enforced");
      assertThat(enforced.status()).isEqualTo(Status.PASS);
      assertThat(enforced.observed()).startsWith("refused after 5 accepted in ")
          .endsWith(": 429 at request 6 (401×5, 429×1)");
      assertThat(enforced.expected()).isEqualTo("429 at or before request 6 of a burst"
          + " (claimed: 5 per 1h)");
      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).isEqualTo(Status.INFO);
      assertThat(window.observed()).startsWith("the window was not observed: the burst was"
          + " refused after 5 accepted in " + RateLimitObservation.seconds(
              r.obs().burstElapsed()) + "; a limiter with a window shorter than 1h would"
          + " answer the same; set observe_window: true");
      assertThat(r.obs().burstElapsed()).isLessThan(Duration.ofSeconds(1));
      assertThat(perSecond.received()).hasSize(6);
    }
  }

  @Test
  void aPerSecondLimiterPassesTheBurstAndFailsTheWindow() throws Exception {
    try (SlidingLimiter perSecond = new SlidingLimiter(5, 1000)) {
      ProbedRateLimit r = run(perSecond, "limit: 5, window: 5s, observe_window: true");

      assertThat(r.finding("ratelimit.enforced").status()).isEqualTo(Status.PASS);
      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).as(window.observed()).isEqualTo(Status.FAIL);
      assertThat(window.observed()).startsWith("looser than declared: 6 accepted within ")
          .contains("of the first attempt, in a 5s window (the burst was refused after 5"
              + " accepted in ");
      assertThat(window.observedValue()).isEqualTo(new Value.Count(6, null));
      assertThat(window.expectedValue()).isEqualTo(new Value.Count(5, null));
      assertThat(window.policyPointer()).isEqualTo("/rate_limits/0/window");
      // It stops at the first attempt over the limit: no more traffic than that shows.
      List<HttpExchange> watch = r.obs().windowRequests();
      assertThat(watch.get(watch.size() - 1).status()).isEqualTo(401);
      assertThat(watch.stream().filter(e -> e.status() == 401)).hasSize(1);
      assertThat(perSecond.received()).hasSize(6 + watch.size());
      assertThat(r.announced()).singleElement().asString().contains("plan: at most 28 requests"
          + " (at most 8 in the burst)")
          .contains("then watches the 5s window with at most 20 more, one every 250 ms");
      // The artifact states the plan the console announced, in the same words (a founder saw
      // "at most 28" on stderr and "at most 8" in the artifact, unexplained).
      String plan = r.obs().artifact(0).content().lines().filter(l -> l.startsWith("# plan: "))
          .findFirst().orElseThrow().substring(2);
      assertThat(r.announced().get(0)).endsWith(", " + plan);
    }
  }

  @Test
  void aLimitPerWindowHoldsOverTheWholeWindow() throws Exception {
    try (SlidingLimiter perWindow = new SlidingLimiter(5, 3000)) {
      ProbedRateLimit r = run(perWindow, "limit: 5, window: 3s, observe_window: true");

      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).as(window.observed()).isEqualTo(Status.PASS);
      assertThat(window.observed()).startsWith("5 accepted over ").contains(" of a 3s window"
          + " (the burst was refused after 5 accepted in ").contains(" watching the window,"
              + " 0 accepted)");
      assertThat(window.observedValue()).isEqualTo(new Value.Count(5, null));
      // The watch lasted the window, and sent nothing after it.
      Instant first = r.obs().requests().get(0).started();
      List<HttpExchange> watch = r.obs().windowRequests();
      assertThat(watch).hasSizeBetween(2, 20).allSatisfy(e -> assertThat(e.status())
          .isEqualTo(429));
      assertThat(Duration.between(first, watch.get(watch.size() - 1).started()))
          .isBetween(Duration.ofMillis(2800), Duration.ofMillis(2950));
      assertThat(r.obs().artifact(1024).content()).contains("# window watch: " + watch.size()
          + " requests after the burst").contains("\nw1 ");
    }
  }

  @Test
  void aWindowLongerThanTheWatchStaysNotObserved() throws Exception {
    try (SlidingLimiter perWindow = new SlidingLimiter(3, 1000)) {
      ProbedRateLimit r = run(perWindow, "limit: 3, window: 1h, observe_window: true");

      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).isEqualTo(Status.INFO);
      assertThat(window.observed()).contains("observe_window is set, but 1h is longer than the"
          + " 2m a watch may last");
      assertThat(r.obs().windowRequests()).isEmpty();
      assertThat(perWindow.received()).hasSize(4);
      assertThat(r.announced()).singleElement().asString().doesNotContain("watches");
    }
  }
}
