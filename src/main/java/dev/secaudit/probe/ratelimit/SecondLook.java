package dev.secaudit.probe.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the server at its word when its refusal asks for a wait far shorter than the claimed
 * window: waits as asked and sends the burst again, at most {@link #MAX_ROUNDS} times. A short
 * Retry-After alone refutes nothing: a fixed window of N per hour that happens to end in a minute
 * says so, and so does a token bucket refilling one request every W/N. But no limiter of N per W,
 * whatever its algorithm, accepts more than 2N within less than W: a fixed window allows two
 * bursts across its boundary, a token bucket N plus what refills, a sliding window N. So the look
 * stops as soon as more than twice the limit (with tolerance) were accepted since the first
 * attempt, or when a further wait would end after the window, where it could show nothing. The
 * requests it sends are those the server's own answer said it would accept.
 */
public final class SecondLook {
  /** Bursts after the first: three bursts of N are needed to exceed 2N. */
  public static final int MAX_ROUNDS = 2;

  private final Clock clock;
  private final RateLimitProbe.Sleeper sleeper;
  private final TargetBudget budget;

  /**
   * One burst after a wait.
   *
   * @param askedSeconds the wait the previous refusal asked for
   * @param askedBy the header that asked for it: "Retry-After" or the rate-limit reset
   * @param waited how long the probe waited before the burst (a second more than asked), or zero
   *     when the recovery request had already waited
   * @param requests the burst, in order; the first is the recovery request when that had waited
   */
  public record Round(long askedSeconds, String askedBy, Duration waited,
      List<HttpExchange> requests) {
    public Round {
      requests = List.copyOf(requests);
    }
  }

  /**
   * @param rounds the bursts sent after waits, in order
   * @param note why no (further) burst was sent although the last refusal asked for a wait, or
   *     null when none was asked for or the look stopped because the claim was already refuted
   */
  public record Looked(List<Round> rounds, String note) {
    public static final Looked NONE = new Looked(List.of(), null);

    public Looked {
      rounds = List.copyOf(rounds);
    }
  }

  /** Sends the n-th request of a round. */
  @FunctionalInterface
  interface Send {
    HttpExchange send(int round, int n);
  }

  SecondLook(Clock clock, RateLimitProbe.Sleeper sleeper, TargetBudget budget) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.budget = budget;
  }

  /** The wait a refusal asks for: Retry-After, else the reset its rate-limit headers state. */
  public static Long asked(HttpExchange refusal) {
    RateLimitHeaders h = RateLimitHeaders.of(refusal);
    return h.retryAfterSeconds() != null ? h.retryAfterSeconds() : h.resetSeconds();
  }

  private static String askedBy(HttpExchange refusal) {
    return RateLimitHeaders.of(refusal).retryAfterSeconds() != null ? "Retry-After"
        : "the rate-limit reset";
  }

  /**
   * @param first when the first burst's first attempt started: the span is counted from it
   * @param refusal the first burst's refusal
   * @param accepted attempts accepted so far (the first burst's)
   * @param recovery the recovery request, already sent after waiting as asked, or null
   */
  Looked look(Instant first, RateLimit rule, HttpExchange refusal, int accepted,
      boolean credentials, HttpExchange recovery, Send send) {
    int allowed = rule.limit() + rule.tolerance();
    Duration window = rule.window().value();
    List<Round> rounds = new ArrayList<>();
    int total = accepted;
    HttpExchange last = refusal;
    for (int round = 1; round <= MAX_ROUNDS && total <= 2L * allowed; round++) {
      Long s = asked(last);
      if (s == null) {
        return new Looked(rounds, null);
      }
      Duration wait = Duration.ofSeconds(s + 1);
      boolean waitedAlready = round == 1 && recovery != null;
      // From the refusal when the recovery request has waited already: the same reckoning as
      // before a wait, whoever waited.
      Duration since = Duration.between(first, waitedAlready && last.started() != null
          ? last.started() : clock.instant());
      if (since.plus(wait).compareTo(window) >= 0) {
        return new Looked(rounds, "after the " + s + "s " + askedBy(last) + " asks for, "
            + rule.window().text() + " would have passed since the first attempt, so another"
            + " burst could not show a shorter window");
      }
      if (!waitedAlready) {
        if (s > RateLimitProbe.MAX_RECOVERY_WAIT.toSeconds()) {
          return new Looked(rounds, askedBy(last) + " asks for " + s + "s, over the "
              + RateLimitProbe.MAX_RECOVERY_WAIT.toSeconds() + "s the probe waits at most");
        }
        if (budget != null && !budget.wouldAfford(wait.plus(RateLimitProbe.BURST_ALLOWANCE))) {
          return new Looked(rounds, "the target's time budget (settings.timeouts.target) does"
              + " not afford the " + s + "s wait and another burst");
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Looked(rounds, "interrupted while waiting");
        }
      }
      List<HttpExchange> sent = new ArrayList<>();
      HttpExchange refused = null;
      String stopped = null;
      for (int n = 1; n <= allowed + 1 && total <= 2L * allowed; n++) {
        HttpExchange ex = n == 1 && waitedAlready ? recovery : send.send(round, n);
        sent.add(ex);
        if (!ex.failed() && ex.status() == rule.expectStatus()) {
          refused = ex;
          break;
        }
        if (!RateLimitObservation.accepted(ex, rule.expectStatus(), credentials)) {
          stopped = "request " + n + " of burst " + (round + 1) + " was "
              + (ex.failed() ? "not answered" : "answered " + ex.status()) + ", neither accepted"
              + " nor refused";
          break;
        }
        total++;
      }
      rounds.add(new Round(s, askedBy(last), waitedAlready ? Duration.ZERO : wait, sent));
      if (stopped != null) {
        return new Looked(rounds, stopped);
      }
      if (refused == sent.get(0)) {
        // Refused at once after the wait it asked for: it still limits, and asking again
        // would only repeat that.
        return new Looked(rounds, null);
      }
      if (refused == null) {
        return new Looked(rounds, null);
      }
      last = refused;
    }
    return new Looked(rounds, null);
  }
}
