package dev.secaudit.probe.ratelimit;

import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.TargetBudget;
import dev.secaudit.probe.http.HttpExchange;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Watches a rate limit's window after the burst was refused (observe_window). A burst of about a
 * second shows how many attempts in a row are accepted, not over how long they are counted: a
 * limiter of 30 per second refuses the 31st attempt of a burst exactly as one of 30 per hour
 * does. So the watch keeps sending the request at an even pace until shortly before the window
 * has passed since the first attempt; a limiter whose window is shorter lets one of them through,
 * and every accepted one counts against the limit. At most {@link RateLimit#WINDOW_REQUESTS}
 * requests, never after the window, and none once the target's budget cannot afford the wait.
 */
final class WindowWatch {
  private final Clock clock;
  private final RateLimitProbe.Sleeper sleeper;
  private final TargetBudget budget;

  /**
   * @param requests the watch's requests in order
   * @param note why the watch stopped before the window's end, or null
   */
  record Watched(List<HttpExchange> requests, String note) {
    static final Watched NONE = new Watched(List.of(), null);
  }

  WindowWatch(Clock clock, RateLimitProbe.Sleeper sleeper, TargetBudget budget) {
    this.clock = clock;
    this.sleeper = sleeper;
    this.budget = budget;
  }

  /** The pace of the watch: the window in even steps. */
  static Duration step(Duration window) {
    return window.dividedBy(RateLimit.WINDOW_REQUESTS);
  }

  /**
   * How long before the window's end the last request goes: 1% of the window, at least 100 ms,
   * so that a limiter whose window started when it received the first attempt (a little after
   * it was sent) still counts the last one in the same window.
   */
  static Duration margin(Duration window) {
    Duration onePercent = window.dividedBy(100);
    return onePercent.compareTo(Duration.ofMillis(100)) > 0 ? onePercent : Duration.ofMillis(100);
  }

  /**
   * @param first when the burst's first attempt started: the window is counted from it
   * @param accepted attempts the burst had accepted before its refusal
   * @param send sends the n-th request of the watch
   */
  Watched watch(Instant first, RateLimit rule, int accepted, boolean credentials,
      IntFunction<HttpExchange> send) {
    Duration window = rule.window().value();
    Duration last = window.minus(margin(window));
    List<Duration> offsets = new ArrayList<>();
    for (int k = 1; k < RateLimit.WINDOW_REQUESTS; k++) {
      Duration at = step(window).multipliedBy(k);
      if (at.compareTo(last) < 0) {
        offsets.add(at);
      }
    }
    offsets.add(last);
    List<HttpExchange> sent = new ArrayList<>();
    int allowed = rule.limit() + rule.tolerance();
    int failuresInARow = 0;
    for (int i = 0; i < offsets.size(); i++) {
      Instant now = clock.instant();
      if (i + 1 < offsets.size() && !now.isBefore(first.plus(offsets.get(i + 1)))) {
        // Behind schedule (a slow burst or answer): catching up would be a second burst.
        continue;
      }
      if (now.isAfter(first.plus(last))) {
        break;
      }
      Duration wait = Duration.between(now, first.plus(offsets.get(i)));
      if (!wait.isNegative() && !wait.isZero()) {
        if (budget != null && !budget.affords(wait)) {
          return new Watched(sent, "the target's time budget would run out before the window"
              + " ends");
        }
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Watched(sent, "interrupted while waiting");
        }
      }
      HttpExchange ex = send.apply(sent.size() + 1);
      sent.add(ex);
      if (RateLimitObservation.accepted(ex, rule.expectStatus(), credentials)) {
        accepted++;
      }
      if (accepted > allowed) {
        // The limit is shown broken inside the window; more requests would show nothing new.
        return new Watched(sent, null);
      }
      failuresInARow = ex.failed() ? failuresInARow + 1 : 0;
      if (failuresInARow >= RateLimitProbe.MAX_CONSECUTIVE_FAILURES) {
        return new Watched(sent, "no answer to " + failuresInARow + " requests in a row: "
            + ex.error());
      }
    }
    return new Watched(sent, null);
  }
}
