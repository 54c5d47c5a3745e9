package dev.secaudit.check.ratelimit;

import dev.secaudit.model.Finding;
import dev.secaudit.model.Status;
import dev.secaudit.model.Value;
import dev.secaudit.policy.RateLimit;
import dev.secaudit.probe.http.HttpExchange;
import dev.secaudit.probe.ratelimit.RateLimitObservation;
import java.time.Duration;
import java.util.List;

/**
 * Judges ratelimit.window: whether the limit held over the window the policy states. A burst
 * refused after N attempts shows the count, not the window: a limiter of N per second answers
 * it exactly as one of N per hour, and lets thousands of times more through. Only a watch that
 * lasted the whole window (observe_window) can show "at most N per window"; without one the
 * finding is INFO and says why, so that nothing downstream (claim.verified, answer, page) reads
 * the burst as the window, unless the bursts a client that waited as told was given refute it
 * ({@link WaitedBursts}).
 */
final class RateLimitWindow {
  private RateLimitWindow() {}

  static String expected(RateLimit rule) {
    return "at most " + (rule.limit() + rule.tolerance()) + " accepted over one "
        + rule.window().text() + " window from the first attempt (" + rule.limit() + " per "
        + rule.window().text() + (rule.tolerance() > 0 ? ", tolerance " + rule.tolerance() : "")
        + ")";
  }

  /**
   * @param refusedInTime the burst was refused at or before limit + tolerance + 1
   */
  static Finding.Builder judge(Finding.Builder f, RateLimit rule, RateLimitObservation obs,
      boolean refusedInTime) {
    int allowed = rule.limit() + rule.tolerance();
    f.expected(expected(rule), new Value.Count(allowed, null));
    List<HttpExchange> burst = obs.requests();
    if (obs.stop() != RateLimitObservation.Stop.LIMITED) {
      return f.status(Status.SKIPPED).observed("the burst was never refused, so there is no"
          + " window to watch (see ratelimit.enforced)");
    }
    if (!refusedInTime) {
      return f.status(Status.SKIPPED).observed("the burst alone accepted more than the limit"
          + " (see ratelimit.enforced)");
    }
    String burstSaid = "the burst was refused after " + (burst.size() - 1) + " accepted in "
        + RateLimitObservation.seconds(obs.burstElapsed());
    if (!rule.watchesWindow()) {
      return WaitedBursts.judge(f, rule, obs, burstSaid);
    }
    int later = (int) obs.windowRequests().stream()
        .filter(e -> RateLimitObservation.accepted(e, rule.expectStatus(), obs.credentials()))
        .count();
    int total = burst.size() - 1 + later;
    Value counted = new Value.Count(total, null);
    String window = rule.window().text();
    String watch = obs.windowRequests().size() + " request" + (obs.windowRequests().size() == 1
        ? "" : "s") + " watching the window, " + later + " accepted";
    if (total > allowed) {
      HttpExchange through = obs.windowRequests().stream()
          .filter(e -> RateLimitObservation.accepted(e, rule.expectStatus(), obs.credentials()))
          .reduce((a, b) -> b).orElseThrow();
      Duration after = Duration.between(burst.get(0).started(), through.started());
      return f.status(Status.FAIL).rule(dev.secaudit.policy.PolicyPointer.entry(
              dev.secaudit.policy.PolicyPointer.RATE_LIMITS, obs.policyIndex()) + "/window")
          .observed("looser than declared: " + total + " accepted within "
              + RateLimitObservation.seconds(after) + " of the first attempt, in a " + window
              + " window (" + burstSaid + "; then " + watch + ")", counted);
    }
    if (!obs.watchedWholeWindow(rule.window().value())) {
      Duration w = obs.watched();
      return f.status(Status.ERROR).observed("the window was watched only "
          + (w == null ? "for no request" : "to " + RateLimitObservation.seconds(w))
          + " of " + window + (obs.windowNote() == null ? "" : ": " + obs.windowNote())
          + " (" + burstSaid + "; then " + watch + ")", counted);
    }
    if (total + obs.mayHaveCounted().size() > allowed) {
      return f.status(Status.WARN).observed(total + " accepted over "
          + RateLimitObservation.seconds(obs.watched()) + " of a " + window + " window ("
          + burstSaid + "; then " + watch + "); but "
          + RateLimitCheck.earlierCounted(obs, rule, total), counted);
    }
    return f.status(Status.PASS).observed(total + " accepted over "
        + RateLimitObservation.seconds(obs.watched()) + " of a " + window + " window ("
        + burstSaid + "; then " + watch + ")" + RateLimitCheck.waitedOut(obs), counted);
  }
}
