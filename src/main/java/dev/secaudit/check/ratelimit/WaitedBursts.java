package dev.secaudit.check.ratelimit;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.PolicyDuration;
import dev.secaudit.policy.PolicyPointer;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitHeaders;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import dev.secaudit.probe.ratelimit.SecondLook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Judges ratelimit.window when the window was not watched, from what the refusal asked a client
 * to wait and what the server gave one that waited as told. A wait shorter than the window is no
 * refutation by itself: a fixed window that happens to end soon asks for as little, and a token
 * bucket of N per W refills one request every W/N. What no limiter of N per W does, whatever its
 * algorithm, is accept more than 2N within less than W (a fixed window lets two bursts through
 * across its boundary; a token bucket N and what refills; a sliding window N): that is a FAIL.
 * Anything less is INFO, saying whether the hints agree with the window and what would verify it.
 */
final class WaitedBursts {
  private WaitedBursts() {}

  static Finding.Builder judge(Finding.Builder f, RateLimit rule, RateLimitObservation obs,
      String burstSaid) {
    int allowed = rule.limit() + rule.tolerance();
    Duration window = rule.window().value();
    String w = rule.window().text();
    List<HttpExchange> burst = obs.requests();
    HttpExchange refusal = burst.get(burst.size() - 1);
    Instant first = burst.get(0).started();
    List<SecondLook.Round> rounds = obs.secondLook().rounds();
    int total = accepted(burst, rule, obs);
    Instant lastAccepted = null;
    List<String> story = new ArrayList<>();
    story.add(burstSaid + ", " + asked(refusal));
    for (SecondLook.Round r : rounds) {
      int k = accepted(r.requests(), rule, obs);
      total += k;
      for (HttpExchange e : r.requests()) {
        if (RateLimitObservation.accepted(e, rule.expectStatus(), obs.credentials())) {
          lastAccepted = e.started().plusMillis(e.millis());
        }
      }
      HttpExchange end = r.requests().get(r.requests().size() - 1);
      story.add((r.waited().isZero() ? "after the recovery request's wait"
          : "after waiting " + RateLimitObservation.seconds(r.waited())) + ", " + k + " more "
          + (k == 1 ? "was" : "were") + " accepted" + (!end.failed()
              && end.status() == rule.expectStatus() ? ", then refused, " + asked(end) : ""));
    }
    Duration span = lastAccepted == null || first == null ? null
        : Duration.between(first, lastAccepted);
    Value askedValue = askedValue(refusal);
    if (span != null && total > 2 * allowed && span.compareTo(window) < 0) {
      // The expected window and what the server showed, as values: the wait it asked for, how
      // many it accepted, within how long.
      Value seen = new Value.Items(List.of(askedValue, new Value.Count(total, null),
          new Value.Duration(span.toSeconds())));
      return f.status(Status.FAIL).rule(PolicyPointer.entry(PolicyPointer.RATE_LIMITS,
              obs.policyIndex()) + "/window")
          .expected("at most " + 2 * allowed + " accepted within any span shorter than " + w
              + ": no limiter of " + rule.limit() + " per " + w + " allows more (a fixed window"
              + " lets two bursts through across its boundary)", new Value.Duration(
                  window.toSeconds()))
          .observed("looser than claimed: " + total + " accepted within "
              + RateLimitObservation.seconds(span) + " of the first attempt by a client that"
              + " waited as told (" + String.join("; ", story) + "): the server's window is"
              + " shorter than " + w, seen);
    }
    String said;
    if (!rounds.isEmpty()) {
      said = "the answers agree with " + rule.limit() + " per " + w + " so far: " + total
          + " accepted" + (span == null ? "" : " within " + RateLimitObservation.seconds(span))
          + " (" + String.join("; ", story) + "), no more than a limiter of that window allows"
          + " across a boundary" + (obs.secondLook().note() == null ? ""
              : "; not sent again: " + obs.secondLook().note());
    } else {
      said = hint(rule, obs, refusal, burstSaid);
    }
    return f.status(Status.INFO).observed(said + "; " + toVerify(rule), askedValue);
  }

  /** What the refusal alone says about the window, when no burst followed it. */
  private static String hint(RateLimit rule, RateLimitObservation obs, HttpExchange refusal,
      String burstSaid) {
    String w = rule.window().text();
    Long s = SecondLook.asked(refusal);
    String notShown = "the window was not observed: " + burstSaid;
    if (s == null) {
      return notShown + ", and the refusal said neither Retry-After nor when the quota resets, so"
          + " nothing hints at its window";
    }
    long windowSeconds = rule.window().value().toSeconds();
    long burstSeconds = obs.burstElapsed() == null ? 0 : obs.burstElapsed().toSeconds();
    if (s + burstSeconds + 2 >= windowSeconds) {
      return notShown + "; the refusal's " + asked(refusal) + " agrees with a " + w + " window"
          + " (a limiter with a shorter one would ask for less), which does not verify it";
    }
    long refill = windowSeconds / Math.max(1, rule.limit());
    return notShown + "; the refusal's " + asked(refusal) + " is shorter than the " + w
        + " window, which a fixed window ending soon or a token bucket refilling one request"
        + " every " + PolicyDuration.written(Duration.ofSeconds(Math.max(1, refill)))
        + " could ask for, and so could a shorter window"
        + (obs.secondLook().note() == null ? "" : "; not sent again: " + obs.secondLook().note());
  }

  /** What would verify the window, and what it costs: something a user can do. */
  private static String toVerify(RateLimit rule) {
    String w = rule.window().text();
    if (rule.window().value().compareTo(RateLimit.MAX_OBSERVED_WINDOW) <= 0) {
      return "set observe_window: true to watch the whole " + w + " (the scan takes " + w
          + " longer)";
    }
    return (rule.observeWindow() ? "observe_window is set, but " : "") + "only watching the"
        + " whole " + w + " verifies a " + w + " window, which takes " + w + ", longer than the "
        + PolicyDuration.written(RateLimit.MAX_OBSERVED_WINDOW) + " a scan watches; attest it"
        + " (claims[].attest) with the limiter's configuration, or list the nginx file in"
        + " configs so that config.nginx.rate_limit compares its limit_req with " + rule.limit()
        + " per " + w;
  }

  private static int accepted(List<HttpExchange> requests, RateLimit rule,
      RateLimitObservation obs) {
    return (int) requests.stream().filter(e -> RateLimitObservation.accepted(e,
        rule.expectStatus(), obs.credentials())).count();
  }

  /** "Retry-After: 59 (59 s)", or the reset a rate-limit header states. */
  private static String asked(HttpExchange refusal) {
    RateLimitHeaders h = RateLimitHeaders.of(refusal);
    if (h.retryAfterSeconds() != null) {
      return "Retry-After: " + h.retryAfter() + (h.retryAfter().trim().equals(
          String.valueOf(h.retryAfterSeconds())) ? "" : " (" + h.retryAfterSeconds() + " s)");
    }
    Long reset = h.resetSeconds();
    return reset != null ? "a reset in " + reset + " s (" + h.describe() + ")"
        : "no Retry-After or reset";
  }

  private static Value askedValue(HttpExchange refusal) {
    RateLimitHeaders h = RateLimitHeaders.of(refusal);
    Long s = SecondLook.asked(refusal);
    return h.retryAfter() != null ? new Value.Header("Retry-After", h.retryAfter())
        : s != null ? new Value.Duration(s) : new Value.Header("Retry-After", null);
  }
}
