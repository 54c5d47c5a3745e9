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
  void aBurstDoesNotShowTheWindowButTheBurstsAfterTheAskedWaitRefuteIt() throws Exception {
    try (SlidingLimiter perSecond = new SlidingLimiter(5, 1000)) {
      ProbedRateLimit r = run(perSecond, "limit: 5, window: 1h");

      // The burst is refused at the sixth attempt, as a limit of 5 per hour would refuse it.
      Finding enforced = r.finding("ratelimit.enforced");
      assertThat(enforced.status()).isEqualTo(Status.PASS);
      assertThat(enforced.observed()).startsWith("refused after 5 accepted in ")
          .endsWith(": 429 at request 6 (401×5, 429×1)");
      assertThat(enforced.expected()).isEqualTo("429 at or before request 6 of a burst"
          + " (claimed: 5 per 1h)");
      assertThat(r.obs().burstElapsed()).isLessThan(Duration.ofSeconds(1));
      // But the refusal asks for a second, and a client that waits as told is given a second
      // burst and a third: more than the 10 any limiter of 5 per hour lets through in an hour.
      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).as(window.observed()).isEqualTo(Status.FAIL);
      assertThat(window.observed()).startsWith("looser than claimed: 11 accepted within ")
          .contains("by a client that waited as told (the burst was refused after 5 accepted in "
              + RateLimitObservation.seconds(r.obs().burstElapsed()) + ", Retry-After: 1;"
              + " after waiting 2.0 s, 5 more were accepted, then refused, Retry-After: 1;"
              + " after waiting 2.0 s, 1 more was accepted)")
          .endsWith("the server's window is shorter than 1h");
      assertThat(window.expectedValue()).isEqualTo(new Value.Duration(3600));
      assertThat(window.policyPointer()).isEqualTo("/rate_limits/0/window");
      // It stops at the first attempt past twice the limit: 6 + 6 + 1.
      assertThat(perSecond.received()).hasSize(13);
      assertThat(r.obs().artifact(0).content()).contains("# burst 2: Retry-After asked for 1s;"
          + " waited 2000 ms").contains("\nb3.1 ");
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
  void aWindowLongerThanTheWatchIsNotWatchedButStillRefutedByTheWaitedBursts() throws Exception {
    try (SlidingLimiter perSecond = new SlidingLimiter(3, 1000)) {
      ProbedRateLimit r = run(perSecond, "limit: 3, window: 1h, observe_window: true");

      Finding window = r.finding("ratelimit.window");
      assertThat(window.status()).as(window.observed()).isEqualTo(Status.FAIL);
      assertThat(window.observed()).startsWith("looser than claimed: 7 accepted within ");
      assertThat(r.obs().windowRequests()).isEmpty();
      assertThat(perSecond.received()).hasSize(4 + 4 + 1);
      assertThat(r.announced()).singleElement().asString().doesNotContain("watches")
          .contains("; if the 429 asks for a wait of at most 60s that ends within the 1h window,"
              + " waits as asked and sends the burst again (at most 2 more, 4 requests each,"
              + " none once more than twice the limit were accepted)");
    }
  }
}
